// The era verdicts in the state directory (protocol-eras.json): for each upstream target (command line or URL), the
// era it spoke and its reported version, so the next start goes straight to that era; a new server version re-probes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiscoverResult } from '@modelcontextprotocol/client';
import type { ServerConfig } from '../config/schema.js';
import { ensureStateDir, writePrivateFile } from '../state-dir.js';
import type { ProtocolEra } from './transports/index.js';

export interface EraVerdict {
  era: ProtocolEra;
  // The server's reported version when the verdict was taken.
  serverVersion?: string;
  // A modern server's server/discover result: adopted on the next connect with no round trip.
  discover?: DiscoverResult;
  at: string;
}

const FILE = 'protocol-eras.json';

// The target as the config writes it (unexpanded, so no secret lands in the file): command line and environment, or URL.
export function verdictKey(server: ServerConfig): string {
  return server.kind === 'stdio' ? JSON.stringify([server.command, ...server.args, server.env]) : server.url;
}

export function loadVerdict(stateDir: string | undefined, key: string): EraVerdict | undefined {
  return stateDir === undefined ? undefined : readAll(stateDir).get(key);
}

// Records (or, with undefined, forgets) a verdict. Best effort: the cache only saves a probe.
export function saveVerdict(stateDir: string | undefined, key: string, verdict: EraVerdict | undefined): void {
  if (stateDir === undefined) return;
  const all = readAll(stateDir);
  const known = all.get(key);
  if (verdict === undefined ? !known : known?.era === verdict.era && known.serverVersion === verdict.serverVersion) return;
  if (verdict === undefined) all.delete(key);
  else all.set(key, verdict);
  try {
    ensureStateDir(stateDir);
    writePrivateFile(path.join(stateDir, FILE), JSON.stringify({ version: 1, servers: Object.fromEntries(all) }));
  } catch {
    // An unwritable state directory costs one probe at the next start, nothing more.
  }
}

function readAll(stateDir: string): Map<string, EraVerdict> {
  try {
    const parsed = JSON.parse(readFileSync(path.join(stateDir, FILE), 'utf8')) as { servers?: Record<string, EraVerdict> };
    const entries = Object.entries(parsed.servers ?? {}).filter(([, v]) => v && (v.era === 'legacy' || v.era === 'modern'));
    return new Map(entries);
  } catch {
    return new Map();
  }
}
