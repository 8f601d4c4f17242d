// The one subscriptions/listen stream of a 2026-07-28 upstream: the list changes it offers, plus the resources sessions
// subscribed to (2026 has no resources/subscribe: a subscription is a URI in the listen filter). A changed filter opens
// the new stream before the old one closes, so no update falls between the two.
import type { Client, McpSubscription, SubscriptionFilter } from '@modelcontextprotocol/client';

export interface ModernListen {
  // Opens the stream for the list changes the server offers (a refusal is reported, not thrown).
  start(lists: SubscriptionFilter): void;
  // Adds or removes one resource URI; settles once the server acknowledged the new filter.
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;
  close(): Promise<void>;
}

export function createModernListen(client: Client, onRefused: (error: unknown) => void): ModernListen {
  let lists: SubscriptionFilter = {};
  const uris = new Set<string>();
  let current: McpSubscription | undefined;
  let closed = false;
  // One filter change at a time, in order; a failed one does not block the next.
  let queue: Promise<void> = Promise.resolve();
  const relisten = (): Promise<void> => {
    const next = queue.then(async () => {
      if (closed) return;
      const filter: SubscriptionFilter = { ...lists, ...(uris.size > 0 && { resourceSubscriptions: [...uris] }) };
      const previous = current;
      const opened = Object.keys(filter).length > 0 ? await client.listen(filter) : undefined;
      // Closed meanwhile: the new stream is not kept (the client closing ends it too).
      if (closed) return void (await opened?.close().catch(() => undefined));
      current = opened;
      await previous?.close().catch(() => undefined);
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    start(filter) {
      lists = filter;
      relisten().catch(onRefused);
    },
    async subscribe(uri) {
      if (uris.has(uri)) return;
      uris.add(uri);
      await relisten().catch((error: unknown) => {
        uris.delete(uri);
        throw error;
      });
    },
    async unsubscribe(uri) {
      if (uris.delete(uri)) await relisten();
    },
    // Not waiting for a filter change in flight: its listen may wait for an acknowledgement that never comes.
    async close() {
      closed = true;
      const last = current;
      current = undefined;
      await last?.close().catch(() => undefined);
    },
  };
}
