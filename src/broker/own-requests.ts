// Requests the broker itself sends a shared upstream (initialize, logging/setLevel, a last unsubscribe): string ids
// `gw-N`, which never collide with the numeric ids remapped from sessions.
import type { Rpc } from './routes.js';

export interface OwnRequests {
  send(method: string, params: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  // Settles the request this message answers; false when it answers none of ours.
  settle(message: Rpc): boolean;
  failAll(error: Error): void;
}

export function createOwnRequests(toUpstream: (message: Rpc) => void): OwnRequests {
  const pending = new Map<string, (error?: Error, result?: Record<string, unknown>) => void>();
  let next = 1;
  return {
    send: (method, params, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const id = `gw-${next++}`;
        const timer = setTimeout(
          () => done(new Error(`no answer to ${method} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const done = (error?: Error, result?: Record<string, unknown>) => {
          clearTimeout(timer);
          pending.delete(id);
          if (error) reject(error);
          else resolve(result ?? {});
        };
        pending.set(id, done);
        toUpstream({ jsonrpc: '2.0', id, method, params });
      }),
    settle(message) {
      const done = typeof message.id === 'string' ? pending.get(message.id) : undefined;
      if (!done) return false;
      const error = message.error as { message?: string } | undefined;
      done(
        error ? new Error(error.message ?? 'error') : undefined,
        (message.result as Record<string, unknown>) ?? {},
      );
      return true;
    },
    failAll(error) {
      for (const done of [...pending.values()]) done(error);
    },
  };
}
