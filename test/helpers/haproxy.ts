// Runs Debian's HAProxy in front of gateway replicas with a generated config on free ports, and reads its stats page
// to wait for a backend server's state (UP, DOWN) instead of sleeping. Stopped when the test ends.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { onTestFinished } from 'vitest';
import { tempDir } from './gw.js';
import { waitFor } from './gateway.js';
import { freePort, haproxyConfig, PROXY_HOST } from './haproxy-config.js';

export { freePort, PROXY_HOST };

export interface HaproxyOptions {
  // The replicas, by name, on 127.0.0.1.
  servers: Array<{ name: string; port: number }>;
  // The 2025 sticky rule: a session's requests go to the replica whose answer named that Mcp-Session-Id. Default true.
  sticky?: boolean;
  // The frontend port (default: a free one); choose it first when the replicas must know it.
  port?: number;
}

export interface Haproxy {
  // e.g. http://127.0.0.1:41234, the frontend clients use.
  base: string;
  port: number;
  config: string;
  // Each backend server's state from the stats page: 'UP', 'DOWN', 'MAINT', 'no check'…
  states(): Promise<Map<string, string>>;
  // Resolves once server `name` has `state` (health checks via /readyz decide).
  waitForState(name: string, state: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
}

export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const port = options.port ?? (await freePort());
  const statsPort = await freePort();
  const config = haproxyConfig({ servers: options.servers, sticky: options.sticky ?? true, port, statsPort });
  const file = path.join(tempDir('gw-haproxy-'), 'haproxy.cfg');
  writeFileSync(file, config);
  // -db: stay in the foreground, so the process we spawned is the one serving.
  const proc = execa('haproxy', ['-db', '-f', file], { reject: false, stdin: 'ignore', buffer: false });
  let output = '';
  proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  onTestFinished(async () => {
    proc.kill('SIGTERM');
    await proc;
  });
  const statsUrl = `http://127.0.0.1:${statsPort}/stats;csv`;
  const states = async (): Promise<Map<string, string>> => {
    const text = await (await fetch(statsUrl)).text();
    const out = new Map<string, string>();
    const [header = '', ...rows] = text.split('\n');
    const columns = header.replace(/^# /, '').split(',');
    const name = columns.indexOf('svname');
    const status = columns.indexOf('status');
    for (const row of rows) {
      const cells = row.split(',');
      if (cells[0] === 'gateways' && cells[name] !== 'BACKEND') out.set(cells[name] ?? '', cells[status] ?? '');
    }
    return out;
  };
  await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error(`haproxy exited (${proc.exitCode}):\n${output}`);
    return states().then(
      () => true,
      () => false,
    );
  }, 10_000);
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    config,
    states,
    // State names carry transitions ("UP 1/2", "DOWN 1/2"): only the settled word counts.
    async waitForState(server, state, timeoutMs = 20_000) {
      await waitFor(async () => (await states()).get(server) === state, timeoutMs);
    },
  };
}
