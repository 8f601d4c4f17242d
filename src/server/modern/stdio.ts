// 2026-07-28 requests on the stdio connection: taken off the line before the 2025 session sees them and answered in
// the 2026 shape (or -32022 for a version the gateway does not serve), never with a 2025-shaped answer.
import type { Gateway } from '../../gateway.js';
import type { DownstreamStdioTransport } from '../stdio-transport.js';
import { createFastCalls } from './fast-call.js';
import { createModernHandler } from './handler.js';
import { createStateSigner, loadSigningKey } from './request-state.js';
import { eraOf, errorResponse, versionError, type Message, type RequestId } from './wire.js';

// What the upstreams are told the client can answer: a 2026 client declares its capabilities per request, so every
// server→client request is allowed upstream and refused per request when that request's client lacks it.
export const MODERN_UPSTREAM_CAPABILITIES = { sampling: {}, elicitation: {}, roots: {} };

export interface ModernStdio {
  close(): Promise<void>;
}

// `onFirst` runs at the first 2026 request (the upstreams start then; such a client never sends initialize).
export function installModernStdio(gateway: Gateway, transport: DownstreamStdioTransport, group: string | undefined, onFirst: () => void): ModernStdio {
  const handler = createModernHandler(gateway, {
    group,
    mode: 'stdio',
    perConnection: true,
    signer: createStateSigner(loadSigningKey()),
    scope: `stdio:${group ?? ''}`,
  });
  const fast = createFastCalls(gateway, group, transport);
  const active = new Map<RequestId, AbortController>();
  const send = (message: Message) => void transport.send(message as never);
  transport.divert = (raw) => {
    const message = raw as Message;
    if (message.method === 'notifications/cancelled') {
      if (fast.cancel(message)) return true;
      const target = active.get(message.params?.requestId as RequestId);
      target?.abort();
      return target !== undefined;
    }
    const era = eraOf(message);
    if (era.kind === 'legacy') return false;
    const id = message.id;
    if (id === undefined) return true; // a 2026 notification: nothing here acts on one
    if (era.kind === 'unsupported') send(versionError(id, era.requested));
    else if (era.kind === 'invalid') send(errorResponse(id, -32602, `Invalid params: ${era.problem}`));
    else {
      onFirst();
      if (message.method === 'tools/call' && fast.offer(message, era.envelope)) return true;
      const controller = new AbortController();
      active.set(id, controller);
      void handler
        .handle(message, era.envelope, { notify: send }, controller.signal)
        .catch((error: unknown) => errorResponse(id, -32603, `Internal error: ${(error as Error).message}`))
        .then((response) => {
          active.delete(id);
          if (!controller.signal.aborted) send(response);
        });
    }
    return true;
  };
  return {
    close: () => {
      fast.close();
      return handler.close();
    },
  };
}
