// The SDK Transport a session uses for a shared server: attaches to the broker's upstream over the socket instead of
// spawning it. When the broker cannot be used it falls back to the direct transport it was given (served unshared).
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isGatewayError } from '../errors.js';
import type { ExitInfo } from '../upstream/stdio-transport.js';
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

type Direct = Transport & { pid?: number; exit?: ExitInfo };

export class BrokerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  // True while attached through the broker (status reports show the server as shared).
  shared = false;

  private line?: BrokerLine;
  private delegate?: Direct;
  private closedByUs = false;

  constructor(
    private readonly spec: SpawnSpec,
    private readonly key: string,
    private readonly access: BrokerAccess,
    private readonly direct: Direct,
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
      line.handle(
        (m) => {
          if (!isControl(m)) {
            const parsed = JSONRPCMessageSchema.safeParse(m);
            if (parsed.success) this.onmessage?.(parsed.data);
          } else if (m.gw === 'ready') {
            ready = true;
            this.shared = true;
            resolve();
          } else if (m.gw === 'error') reject(new Error(m.message));
        },
        () => {
          this.shared = false;
          if (!ready) return reject(new Error('the broker closed the connection'));
          if (!this.closedByUs) this.access.lost(line);
          this.onclose?.();
        },
      );
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
    await direct.start();
  }
}
