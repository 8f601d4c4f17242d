// Helpers for broker tests: a private broker directory per test, the broker's pid and the processes of a tagged fixture
// found in /proc, and cleanup that kills whatever a test left behind.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { fixtureEntry, runGw, tempDir } from './gw.js';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';
import type { BrokerReport } from '../../src/broker/protocol.js';

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

export function processesMatching(pattern: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => pid !== process.pid && cmdline(pid).includes(pattern) && isAlive(pid));
}

// A broker directory of this test (GW_BROKER_DIR), its broker and that broker's upstreams killed when the test ends.
export function brokerDir(): { dir: string; env: Record<string, string>; pids: () => number[] } {
  const dir = tempDir('gw-broker-');
  const pids = () => processesMatching(`broker run --dir ${dir} `);
  onTestFinished(() => {
    for (const pid of pids()) for (const p of [pid, ...listDescendants(pid)]) if (isAlive(p)) killTreeSync(p);
  });
  return { dir, env: { GW_BROKER_DIR: dir }, pids };
}

// A fixture entry whose processes carry `tag` on their command line (so /proc tells them apart), killed at the end.
export function taggedFixture(
  tag: string,
  env: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  const entry = fixtureEntry('fixture.ts', env, extra);
  onTestFinished(() => {
    for (const pid of processesMatching(`--tag ${tag} `)) killTreeSync(pid);
  });
  return { ...entry, args: [...entry.args, '--tag', tag] };
}

export function fixturePids(tag: string): number[] {
  return processesMatching(`--tag ${tag} `).filter((pid) => !cmdline(pid).startsWith('sh '));
}

export interface StatusJson {
  broker: BrokerReport | null;
}

// `gw broker status --json` for this test's broker directory.
export async function brokerStatus(dir: string): Promise<StatusJson['broker']> {
  const result = await runGw(['broker', 'status', '--json', '--dir', dir]);
  return (JSON.parse(result.stdout) as StatusJson).broker;
}

export function brokerLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'broker.log'), 'utf8');
  } catch {
    return '';
  }
}

export function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}
