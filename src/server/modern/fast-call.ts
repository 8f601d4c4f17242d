// The fast path for a 2026 tools/call on stdio: a call the relay can carry (nothing observes it; see relay/decide.ts)
// from a client that declares no capability an upstream could ask for mid-call (elicitation, sampling, roots) goes
// straight to the upstream's pipe as a 2025 call does, and its answer is stamped in the 2026 shape on the way out.
import { GatewayError } from '../../errors.js';
import type { Gateway, SessionPort } from '../../gateway.js';
import { createRelay } from '../../relay/relay.js';
import type { Chunk } from '../../relay/write-batch.js';
import type { DownstreamStdioTransport } from '../stdio-transport.js';
import { SERVER_INFO, SERVER_INFO_KEY, stamp, type Envelope, type Message } from './wire.js';

export interface FastCalls {
  // Takes a 2026 tools/call when it can carry it; false leaves it to the internal-session path.
  offer(message: Message, envelope: Envelope): boolean;
  // Takes the client's cancel of a call it carries.
  cancel(message: Message): boolean;
  close(): void;
}

// What would make an upstream's question reach this client: such a client's calls take the internal-session path,
// where a question becomes input_required.
const ASKABLE = ['elicitation', 'sampling', 'roots'];

export function createFastCalls(gateway: Gateway, group: string | undefined, transport: DownstreamStdioTransport): FastCalls {
  // The calls it carries count as this port's, so an upstream's question during one is refused here (the client
  // declared nothing it could answer), as a 2025 session without the capability refuses it. Attached at the first call
  // it takes, and never "active" before, so questions outside a call keep going to the connection's 2025 session.
  const port: SessionPort = {
    id: `modern-fast-${process.pid}`,
    group,
    capabilities: {},
    lastActive: 0,
    inFlight: new Map(),
    forwardRequest: (_server, request) => Promise.reject(new GatewayError('METHOD_NOT_FOUND', `the client connected to the gateway does not support ${request.method}`)),
  };
  let detach: (() => void) | undefined;
  const relay = createRelay(gateway, group, port, { push: (...chunks) => transport.push(...toModern(chunks)) });
  return {
    offer(message, envelope) {
      if (ASKABLE.some((c) => envelope.capabilities[c] !== undefined)) return false;
      if (message.params?.requestState !== undefined || message.params?.inputResponses !== undefined) return false;
      // A task-capable tool takes the internal-session path, where the tasks extension decides (modern/tasks.ts).
      const support = gateway.view(group).byName.get(String(message.params?.name))?.tool.execution?.taskSupport;
      if (support !== undefined && support !== 'forbidden') return false;
      detach ??= gateway.attach(port);
      return relay.offer(message);
    },
    cancel: (message) => relay.offer(message),
    close() {
      relay.close();
      detach?.();
    },
  };
}

const STAMP = `"resultType":"complete","_meta":${JSON.stringify({ [SERVER_INFO_KEY]: SERVER_INFO })},`;

// The relay's answer (one push, one message) in the 2026 shape: a result stamped, a progress notification as it is.
export function toModern(chunks: Chunk[]): Chunk[] {
  const [first, bytes, last] = chunks;
  if (chunks.length === 1 && typeof first === 'string') {
    const message = JSON.parse(first) as Message;
    if (message.method !== undefined || typeof message.result !== 'object' || message.result === null) return chunks;
    return [`${JSON.stringify({ ...message, result: stamp(message.result as Record<string, unknown>) })}\n`];
  }
  // A large result passed on as bytes ([head, `"result":{…}`, tail]): the stamp goes in after the opening brace, unless
  // the result has members of the same names (then it is parsed like a small one).
  if (chunks.length === 3 && bytes instanceof Uint8Array) {
    const result = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const open = result.indexOf('{') + 1;
    const empty = /^\s*\}/.test(result.subarray(open, open + 64).toString('latin1'));
    if (open > 0 && !empty && result.indexOf('"_meta"') < 0 && result.indexOf('"resultType"') < 0) {
      return [first as Chunk, result.subarray(0, open), STAMP, result.subarray(open), last as Chunk];
    }
  }
  const whole = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString('utf8');
  return toModern([whole.endsWith('\n') ? whole : `${whole}\n`]);
}
