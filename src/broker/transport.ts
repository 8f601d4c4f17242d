// The SDK Transport a session uses for a shared server: attaches to the broker's upstream over the socket instead of
// spawning it. When the broker cannot be used it falls back to the direct transport it was given (served unshared).
// It is also the relay's pipe (upstream/pipe.ts): relayed calls go to the broker as the lines the relay wrote, and
// their answers are offered to the relay, parsed once (or, when large, as bytes), before the SDK Client sees anything.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isGatewayError } from '../errors.js';
import type { UpstreamPipe } from '../upstream/pipe.js';
import type { StdioUpstreamTransport, ExitInfo } from '../upstream/stdio-transport.js';
import type { BrokerLine } from './client.js';
import { isControl, type SpawnSpec } from './protocol.js';

// What the transport needs from the session's broker link.
export interface BrokerAccess {
  session: string;
  // A line to a broker of our version; throws BROKER_UNAVAILABLE when sharing is not possible now.
  connect(): Promise<BrokerLine>;
  // Sharing failed for a reason that holds for this session: later connections go direct.
  fallBack(reason: string): void;
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

  private line?: BrokerLine;
  private delegate?: StdioUpstreamTransport;
  private closedByUs = false;

  constructor(
    private readonly spec: SpawnSpec,
    private readonly key: string,
    private readonly access: BrokerAccess,
    private readonly direct: StdioUpstreamTransport,
  ) {}

  get pid(): number | undefined {
    return this.delegate?.pid;
  }

  get exit(): ExitInfo | undefined {
    return this.delegate?.exit;
  }

  async start(): Promise<void> {
    let line: BrokerLine;
    try {
      line = await this.access.connect();
    } catch (error) {
      if (!isGatewayError(error, 'BROKER_UNAVAILABLE')) throw error;
      this.access.fallBack(error.message);
      return this.startDirect();
    }
    this.line = line;
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      line.handle({
        onMessage: (m, text) => {
          if (!isControl(m)) {
            if (this.intercept?.(m, text)) return;
            const parsed = JSONRPCMessageSchema.safeParse(m);
            if (parsed.success) this.onmessage?.(parsed.data);
          } else if (m.gw === 'ready') {
            ready = true;
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
      line.channel.send({ gw: 'attach', session: this.access.session, key: this.key, spec: this.spec });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.delegate) return this.delegate.send(message);
    if (!this.line || this.line.channel.closed)
      return Promise.reject(new Error(`server '${this.spec.server}' is not attached to the broker`));
    this.line.channel.send(message as unknown as Record<string, unknown>);
    return Promise.resolve();
  }

  sendRaw(line: string): boolean {
    if (this.delegate) return this.delegate.sendRaw(line);
    if (!this.line || this.line.channel.closed) return false;
    this.line.channel.sendRaw(line);
    return true;
  }

  async close(): Promise<void> {
    this.closedByUs = true;
    if (this.delegate) return this.delegate.close();
    this.line?.channel.close();
  }

  private async startDirect(): Promise<void> {
    const direct = this.direct;
    this.delegate = direct;
    direct.onmessage = (m) => this.onmessage?.(m);
    direct.onerror = (e) => this.onerror?.(e);
    direct.onclose = () => this.onclose?.();
    direct.intercept = (m, line) => this.intercept?.(m, line) ?? false;
    direct.interceptBytes = (bytes) => this.interceptBytes?.(bytes) ?? false;
    await direct.start();
  }
}
