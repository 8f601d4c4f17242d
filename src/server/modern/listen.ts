// subscriptions/listen for a 2026 client: the changes its internal session is told about (tool, prompt and resource
// list changes from the gateway's own events; updates of the resources it names), stamped with the subscription id.
import type { InternalSession } from './internal-session.js';
import { metaOf, SUBSCRIPTION_ID_KEY, type Message, type RequestId } from './wire.js';
import type { Sink } from './handler.js';

export interface Listen {
  // Resolves with the listen request's result when the stream ends on the gateway's side (shutdown).
  readonly ended: Promise<Record<string, unknown>>;
  // Ends the stream with a result.
  end(): void;
  // Ends it without one (the client went away or cancelled).
  stop(): void;
}

interface Filter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

// `extra`: what other parts agreed to for this stream (the tasks extension's taskIds), for the acknowledgement.
export function openListen(session: InternalSession, message: Message, sink: Sink, extra: Record<string, unknown> = {}): Listen {
  const id = message.id as RequestId;
  const asked = ((message.params as { notifications?: Filter } | undefined)?.notifications ?? {}) as Filter;
  const agreed: Filter = {
    ...(asked.toolsListChanged === true && { toolsListChanged: true }),
    ...(asked.promptsListChanged === true && { promptsListChanged: true }),
    ...(asked.resourcesListChanged === true && { resourcesListChanged: true }),
    ...(Array.isArray(asked.resourceSubscriptions) && { resourceSubscriptions: asked.resourceSubscriptions.filter((u) => typeof u === 'string') }),
  };
  const uris = new Set(agreed.resourceSubscriptions ?? []);
  const wanted = new Map<string, boolean>([
    ['notifications/tools/list_changed', agreed.toolsListChanged === true],
    ['notifications/prompts/list_changed', agreed.promptsListChanged === true],
    ['notifications/resources/list_changed', agreed.resourcesListChanged === true],
  ]);
  const send = (method: string, params: Record<string, unknown> = {}) =>
    sink.notify({ jsonrpc: '2.0', method, params: { ...params, _meta: { ...metaOf(params), [SUBSCRIPTION_ID_KEY]: id } } });

  let finish: (result: Record<string, unknown>) => void = () => undefined;
  const ended = new Promise<Record<string, unknown>>((resolve) => (finish = resolve));
  let open = true;
  session.onNotification = (n) => {
    if (!open || n.method === undefined) return;
    if (wanted.get(n.method)) send(n.method);
    else if (n.method === 'notifications/resources/updated' && uris.has(String(n.params?.uri))) send(n.method, { uri: n.params?.uri });
  };
  // Resource updates come only for what the session subscribed to upstream.
  for (const uri of uris) void session.request('resources/subscribe', { uri }).response;
  send('notifications/subscriptions/acknowledged', { notifications: { ...agreed, ...extra } });
  return {
    ended,
    end() {
      if (!open) return;
      open = false;
      finish({ _meta: { [SUBSCRIPTION_ID_KEY]: id } });
    },
    stop() {
      if (!open) return;
      open = false;
      finish({});
    },
  };
}
