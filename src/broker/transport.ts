// The SDK Transport a session uses for a shared server: attaches to the broker's upstream over the socket instead of
// spawning it, and learns the era the broker speaks to that upstream (the session opens its client in that era).
// It is also the relay's pipe (upstream/pipe.ts): relayed calls go to the broker as the lines the relay wrote, and
// their answers are offered to the relay, parsed once (or, when large, as bytes), before the SDK Client sees anything.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamPipe } from '../upstream/pipe.js';
import type { BrokerLine } from './client.js';
import { LIST_METHODS } from './list-cache.js';
import { isControl, type HubEra, type SpawnSpec } from './protocol.js';

// What the transport needs from the session's broker link.
export interface BrokerAccess {
  session: string;
  // A line to a broker of our version; throws BROKER_UNAVAILABLE when sharing is not possible now.
  connect(): Promise<BrokerLine>;
  // A shared connection closed: the broker may be gone (its upstreams are then swept).
  lost(line: BrokerLine): void;
}

export class BrokerTransport implements Transport, UpstreamPipe {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  intercept?: (message: Record<string, unknown>, line: string) => boolean;
  interceptBytes?: (bytes: Buffer) => boolean;
  // True while attached through the broker (status reports show the server as shared).
  shared = false;
  // Once attached: the era the broker speaks to the upstream, and a 2026 upstream's server/discover result.
  era: HubEra = 'legacy';
  discover?: Record<string, unknown>;

  private line?: BrokerLine;
  private started?: Promise<void>;
  private closedByUs = false;
  private deferred: JSONRPCMessage[] = [];
  // The broker's kept first-page listings of a 2025 upstream (attach reply): each answers this session's first request
  // for that list once, unless a list change came first.
  private lists = new Map<string, Record<string, unknown>>();

  // `hint`: this session's cached era verdict for an 'auto' server (used when this attach starts the upstream).
  constructor(
    private readonly spec: SpawnSpec,
    private readonly key: string,
    private readonly access: BrokerAccess,
    private readonly hint?: HubEra,
  ) {}

  // Attaches once; the client's connect calls it again after the link did.
  start(): Promise<void> {
    this.started ??= this.attach();
    return this.started;
  }

  private async attach(): Promise<void> {
    const line = await this.access.connect();
    this.line = line;
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      line.handle({
        onMessage: (m, text) => {
          if (!isControl(m)) {
            if (this.lists.size > 0) this.forgetChanged(m);
            if (this.intercept?.(m, text)) return;
            // A 2026 session's client (the v2 SDK) checks messages with its own codec; a 2025 one is given what the
            // stdio transport would give it.
            if (this.era === 'modern') return this.deliverModern(m as JSONRPCMessage);
            const parsed = JSONRPCMessageSchema.safeParse(m);
            if (parsed.success) this.onmessage?.(parsed.data);
          } else if (m.gw === 'ready') {
            ready = true;
            this.era = m.era;
            if (m.discover) this.discover = m.discover;
            this.lists = new Map(Object.entries(m.lists ?? {}));
            this.shared = true;
            resolve();
          } else if (m.gw === 'error') reject(new Error(m.message));
        },
        onBytes: (bytes) => this.interceptBytes?.(bytes) ?? false,
        onClose: () => {
          this.shared = false;
          if (!ready) return reject(new Error('the broker closed the connection'));
          if (!this.closedByUs) this.access.lost(line);
          this.onclose?.();
        },
      });
      line.channel.send({
        gw: 'attach',
        session: this.access.session,
        key: this.key,
        spec: this.spec,
        ...(this.hint && { era: this.hint }),
      });
    });
  }

  // The v2 client runs notification handlers several microtasks late but settles a response at once (dropping its
  // progress handler): a response, and whatever follows it, waits for the next turn, so the progress before it lands.
  private deliverModern(message: JSONRPCMessage): void {
    const deferred = this.deferred.length > 0;
    if (!deferred && !('id' in message && !('method' in message))) return this.onmessage?.(message);
    this.deferred.push(message);
    if (deferred) return;
    setImmediate(() => {
      const batch = this.deferred;
      this.deferred = [];
      for (const m of batch) this.onmessage?.(m);
    });
  }

  private forgetChanged(m: Record<string, unknown>): void {
    for (const [method, changed] of LIST_METHODS) if (m.method === changed) this.lists.delete(method);
  }

  // A first-page listing the attach reply carried, answered here (on the next turn, as a reply from the socket would be).
  private answerListing(message: JSONRPCMessage): boolean {
    if (!('method' in message) || !('id' in message) || message.params?.cursor !== undefined) return false;
    const result = this.lists.get(message.method);
    if (!result) return false;
    this.lists.delete(message.method);
    const parsed = JSONRPCMessageSchema.safeParse({ jsonrpc: '2.0', id: message.id, result });
    if (!parsed.success) return false;
    setImmediate(() => this.onmessage?.(parsed.data));
    return true;
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.lists.size > 0 && this.answerListing(message)) return Promise.resolve();
    if (!this.line || this.line.channel.closed)
      return Promise.reject(new Error(`server '${this.spec.server}' is not attached to the broker`));
    this.line.channel.send(message as unknown as Record<string, unknown>);
    return Promise.resolve();
  }

  sendRaw(line: string): boolean {
    if (!this.line || this.line.channel.closed) return false;
    this.line.channel.sendRaw(line);
    return true;
  }

  async close(): Promise<void> {
    this.closedByUs = true;
    this.line?.channel.close();
  }
}
