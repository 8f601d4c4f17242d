// Runs Debian's HAProxy in front of gateway replicas with a generated config on free ports, and reads its stats page
// to wait for a backend server's state (UP, DOWN) instead of sleeping. Stopped when the test ends.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { onTestFinished } from 'vitest';
import { tempDir } from './gw.js';
import { waitFor } from './gateway.js';

// The Host every replica is told to accept (--allow-host), as a Service name would be in a real deployment.
export const PROXY_HOST = 'gw.test';

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

export function haproxyConfig(options: Required<HaproxyOptions> & { statsPort: number }): string {
  const servers = options.servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check inter 500 fall 3 rise 2`);
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    // Without it a check must answer within `inter`, which a loaded machine misses, and a healthy replica flaps.
    '  timeout check 5s',
    '  option redispatch',
    '  retries 2',
    'frontend mcp',
    `  bind 127.0.0.1:${options.port}`,
    '  default_backend gateways',
    'frontend stats',
    `  bind 127.0.0.1:${options.statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    'backend gateways',
    '  balance roundrobin',
    // Every replica accepts this Host (--allow-host); the health check sends it too.
    `  http-request set-header Host ${PROXY_HOST}`,
    '  option httpchk',
    `  http-check send meth GET uri /readyz hdr Host ${PROXY_HOST}`,
    '  http-check expect status 200',
    ...(options.sticky
      ? [
          // 2025 sessions live in one replica: learn the id from the answer to initialize, route by it afterwards.
          '  stick-table type string len 128 size 100k expire 30m',
          '  stick store-response res.hdr(Mcp-Session-Id)',
          '  stick match req.hdr(Mcp-Session-Id)',
        ]
      : []),
    ...servers,
    '',
  ].join('\n');
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

// A port free at the time of asking (for a listener that must be named before it starts).
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
