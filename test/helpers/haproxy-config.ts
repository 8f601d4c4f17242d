// The HAProxy config the tests and the scaling bench run (docs/deploy.md shows the same shape): round robin, /readyz
// health checks, and the 2025 sticky rule on Mcp-Session-Id. No vitest here, so bench/ can use it too.
import { createServer } from 'node:net';

// The Host every replica is told to accept (--allow-host), as a Service name would be in a real deployment.
export const PROXY_HOST = 'gw.test';

export interface HaproxyConfigOptions {
  servers: Array<{ name: string; port: number }>;
  // The 2025 sticky rule: a session's requests go to the replica whose answer named that Mcp-Session-Id.
  sticky: boolean;
  port: number;
  statsPort: number;
}

export function haproxyConfig(options: HaproxyConfigOptions): string {
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
