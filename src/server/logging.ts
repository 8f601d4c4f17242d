// logging/setLevel through the gateway. Each session keeps its own level and gets only the upstream log messages at or
// above it; the upstreams are set to the most verbose level any session asked for, since they are shared.
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../gateway.js';

const LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

const rank = (level: unknown): number => LEVELS.indexOf(level as LoggingLevel);

// Per gateway: the level each session asked for.
const levels = new WeakMap<Gateway, Map<string, LoggingLevel>>();

function levelsOf(gateway: Gateway): Map<string, LoggingLevel> {
  let map = levels.get(gateway);
  if (!map) levels.set(gateway, (map = new Map()));
  return map;
}

// Records the session's level and sets the upstreams (the ones `visible` to the session) to the most verbose level asked.
export async function setSessionLevel(gateway: Gateway, session: string, level: LoggingLevel, visible: (server: string) => boolean): Promise<void> {
  const map = levelsOf(gateway);
  map.set(session, level);
  const wanted = [...map.values()].reduce((a, b) => (rank(b) < rank(a) ? b : a));
  await Promise.all(
    gateway.pool
      .servers()
      .filter((u) => u.state === 'ready' && u.snapshot.capabilities?.logging && visible(u.name))
      .map((u) => gateway.pool.request(u.name, { method: 'logging/setLevel', params: { level: wanted } }).catch(() => undefined)),
  );
}

export function forgetSessionLevel(gateway: Gateway, session: string): void {
  levelsOf(gateway).delete(session);
}

// Whether a log message at `level` reaches this session (all of them until it sets a level; unknown levels pass).
export function passesSessionLevel(gateway: Gateway, session: string, level: unknown): boolean {
  const min = levelsOf(gateway).get(session);
  return min === undefined || rank(level) === -1 || rank(level) >= rank(min);
}
