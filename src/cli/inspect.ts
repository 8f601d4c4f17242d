// One-shot inspection for CLI commands: opens the gateway as `gw serve` would, connects every upstream once, and waits for each to settle.
import type { GatewayConfig } from '../config/schema.js';
import { assembleGateway } from '../assemble.js';
import type { Gateway } from '../gateway.js';
import { createLogger, type LogLevel } from '../log.js';
import type { SessionInfo } from '../pipeline/types.js';
import { createVisibility, type Visibility } from '../server/visibility.js';
import { VERSION } from '../version.js';
import { note } from './output.js';

const WAIT_NOTE_MS = 3000;

export interface Inspection {
  gateway: Gateway;
  visibility: Visibility;
  close(): Promise<void>;
}

export interface InspectOptions {
  group?: string;
  // Only these servers (others are left out of the config entirely).
  servers?: string[];
  // Include disabled servers in `servers` (gw test NAME works on a disabled entry too).
  includeDisabled?: boolean;
  logLevel?: LogLevel;
}

export async function inspect(config: GatewayConfig, options: InspectOptions = {}): Promise<Inspection> {
  const only = options.servers ? new Set(options.servers) : undefined;
  const servers = config.servers
    .filter((s) => !only || only.has(s.name))
    .map((s) => (options.includeDisabled ? { ...s, enabled: true } : s));
  const scoped: GatewayConfig = { ...config, servers };
  const log = createLogger({ level: options.logLevel ?? (process.env.GW_LOG_LEVEL as LogLevel | undefined) ?? 'silent' });
  const gateway = await assembleGateway({ config: scoped, log, mode: 'inspect' });
  await gateway.start();
  // Say what is being waited for when it takes a while (a server that hangs is waited for up to its timeout).
  const waiting = setTimeout(() => {
    const slow = gateway.pool.servers().filter((u) => u.state === 'starting' || u.state === 'restarting');
    const longest = Math.max(0, ...slow.map((u) => u.config.timeout));
    if (slow.length > 0) note(`gw: waiting for ${slow.map((u) => u.name).join(', ')} to start (up to ${formatMs(longest)})…`);
  }, WAIT_NOTE_MS);
  await Promise.all(gateway.pool.servers().map((u) => gateway.pool.ready(u.name).catch(() => undefined)));
  clearTimeout(waiting);
  // The catalog is rebuilt on the turn after the last upstream settles.
  await new Promise((resolve) => setImmediate(resolve));
  const session: SessionInfo = {
    id: 'gw-cli',
    group: options.group,
    client: { name: 'gw', version: VERSION },
    capabilities: {},
    elicit: () => Promise.reject(new Error('gw cannot answer elicitation')),
  };
  return { gateway, visibility: createVisibility(gateway, session), close: () => gateway.close() };
}

// Milliseconds as "350 ms" / "1.2 s".
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
