// Issue #23 §1: which credential opens what in HTTP mode — the client token never reaches the admin API, the admin API is off by default,
// a group token opens only its group, --no-auth never opens /admin, and /admin never gets CORS headers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtureEntry, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { initializeBody, MCP_HEADERS, rawRequest, startHttpGateway, storedToken, TOKEN, type HttpGateway } from '../helpers/http.js';

const CONFIG = {
  mcpServers: { fx: fixtureEntry(), other: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'other' }) },
  groups: { dev: { servers: ['fx'] }, ops: { servers: ['other'] } },
};
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

// A request to run a command: what an attacker holding a non-admin token would send.
function pwn(marker: string) {
  return JSON.stringify({ name: 'pwn', config: { command: 'sh', args: ['-c', `touch ${marker}`] } });
}

async function send(gw: HttpGateway, method: string, p: string, token: string | undefined, body?: string, extra: Record<string, string> = {}) {
  const res = await fetch(gw.base + p, {
    method,
    headers: { ...(token !== undefined && bearer(token)), ...(body !== undefined && { 'Content-Type': 'application/json' }), ...extra },
    ...(body !== undefined && { body }),
  });
  const text = await res.text();
  return { status: res.status, text: errorMessage(text), headers: res.headers };
}

// The error message of a JSON or JSON-RPC error body (else the body).
function errorMessage(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    return text;
  }
}

// Opens a legacy SSE stream and returns the messages endpoint it announces.
async function openSse(gw: HttpGateway, p: string, token: string): Promise<string> {
  const abort = new AbortController();
  onTestFinished(() => abort.abort());
  const res = await fetch(gw.base + p, { headers: { ...bearer(token), Accept: 'text/event-stream' }, signal: abort.signal });
  expect(res.status, p).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  while (!/data: (\S+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the SSE stream at ${p} ended before announcing its endpoint`);
    text += new TextDecoder().decode(value);
  }
  return /data: (\S+)/.exec(text)?.[1] as string;
}

describe('HTTP credentials: the client token is not a shell', () => {
  it('keeps the admin API off by default: POST /admin/servers with the client token is 404 and runs nothing', async () => {
    const marker = path.join(tempDir(), 'PWNED');
    // The old --no-admin is still accepted, and changes nothing.
    const gw = await startHttpGateway(CONFIG, { args: ['--no-admin'] });
    expect(gw.stderr()).toMatch(/--no-admin is deprecated and does nothing/);
    const before = readFileSync(gw.configPath, 'utf8');
    const answer = await send(gw, 'POST', '/admin/servers', TOKEN, pwn(marker));
    expect(answer.status).toBe(404);
    expect(answer.text).toMatch(/admin API is off; start with --admin/);
    // The gateway handled it (and is still serving), the file is untouched, and nothing ran.
    expect((await send(gw, 'GET', '/status', TOKEN)).status).toBe(200);
    expect(readFileSync(gw.configPath, 'utf8')).toBe(before);
    expect(existsSync(marker)).toBe(false);
    // --token is accepted but warned about: the value shows in `ps`.
    expect(gw.stderr()).toMatch(/--token puts the token in the process list.*--token-file/);
  });

  it('with --admin, only the admin token opens /admin; it opens nothing else; /admin never gets CORS headers', async () => {
    const marker = path.join(tempDir(), 'PWNED');
    const gw = await startHttpGateway(CONFIG, { args: ['--admin', '--allow-origin', 'https://app.example'] });
    const admin = storedToken(gw.configPath, 'admin');
    expect(admin).toHaveLength(43);
    const group = (await runGw(['token', '--group', 'dev', '--config', gw.configPath])).stdout.trim();
    expect(group).toHaveLength(43);

    for (const token of [TOKEN, group]) {
      const post = await send(gw, 'POST', '/admin/servers', token, pwn(marker));
      expect(post.status).toBe(403);
      expect(post.text).toMatch(/admin API needs the admin token.*gw token --admin/);
      expect((await send(gw, 'PATCH', '/admin/servers/fx', token, '{"inheritEnv":true}')).status).toBe(403);
    }
    expect((await send(gw, 'GET', '/admin/servers', undefined)).status).toBe(401);
    // The admin token works on /admin, and the refused writes left no trace: no server added, nothing ran.
    const listed = await send(gw, 'GET', '/admin/servers', admin);
    expect(listed.status).toBe(200);
    expect((JSON.parse(listed.text) as { servers: Array<{ name: string }> }).servers.map((s) => s.name)).toEqual(['fx', 'other']);
    expect(JSON.parse(readFileSync(gw.configPath, 'utf8')).mcpServers.pwn).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
    // ...and only there.
    for (const [method, p] of [['GET', '/status'], ['POST', '/mcp'], ['POST', '/mcp/g/dev']] as const) {
      const answer = await send(gw, method, p, admin, method === 'POST' ? initializeBody() : undefined, MCP_HEADERS);
      expect(answer.status, p).toBe(403);
      expect(answer.text).toMatch(/admin token opens only \/admin/);
    }

    // An allowed origin gets CORS on /mcp but never on /admin, preflight or not.
    const preflight = (p: string) => rawRequest(gw.port, { method: 'OPTIONS', path: p, headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' } });
    expect((await preflight('/mcp')).headers['access-control-allow-origin']).toBe('https://app.example');
    const adminPreflight = await preflight('/admin/servers');
    expect(adminPreflight.status).not.toBe(204);
    expect(adminPreflight.headers['access-control-allow-origin']).toBeUndefined();
    const fromPage = await send(gw, 'GET', '/admin/servers', admin, undefined, { Origin: 'https://app.example' });
    expect(fromPage.status).toBe(200);
    expect(fromPage.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a group token opens its group (streamable and SSE) and nothing else; rotating it applies at once', async () => {
    const gw = await startHttpGateway(CONFIG);
    const dev = (await runGw(['token', '--group', 'dev', '--config', gw.configPath])).stdout.trim();
    expect(storedToken(gw.configPath, { group: 'dev' })).toBe(dev);
    const init = (p: string, token: string) => send(gw, 'POST', p, token, initializeBody(), MCP_HEADERS);

    expect((await init('/mcp/g/dev', dev)).status).toBe(200);
    for (const p of ['/mcp/g/ops', '/mcp']) {
      const refused = await init(p, dev);
      expect(refused.status, p).toBe(403);
      expect(refused.text).toMatch(/scoped to group "dev": it opens only \/mcp\/g\/dev/);
    }
    const status = await send(gw, 'GET', '/status', dev);
    expect(status.status).toBe(403);
    expect(status.text).toMatch(/\/status shows servers outside the group and needs the client token/);
    // The client token still opens every route.
    expect((await init('/mcp/g/ops', TOKEN)).status).toBe(200);
    expect((await send(gw, 'GET', '/status', TOKEN)).status).toBe(200);

    // Legacy SSE: its own group's stream and posts, not /sse, another group's stream or a session of all servers.
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const devEndpoint = await openSse(gw, '/g/dev/sse', dev);
    expect((await send(gw, 'POST', devEndpoint, dev, ping)).status).toBe(202);
    expect((await send(gw, 'GET', '/sse', dev, undefined, { Accept: 'text/event-stream' })).status).toBe(403);
    expect((await send(gw, 'GET', '/g/ops/sse', dev, undefined, { Accept: 'text/event-stream' })).status).toBe(403);
    const allEndpoint = await openSse(gw, '/sse', TOKEN);
    expect((await send(gw, 'POST', allEndpoint, dev, ping)).status).toBe(403);

    const rotated = await runGw(['token', '--group', 'dev', '--rotate', '--config', gw.configPath]);
    const fresh = rotated.stdout.trim();
    expect(fresh).not.toBe(dev);
    expect((await init('/mcp/g/dev', dev)).status).toBe(401);
    expect((await init('/mcp/g/dev', fresh)).status).toBe(200);
    // A group that does not exist gets no token.
    const unknown = await runGw(['token', '--group', 'nope', '--config', gw.configPath]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no group named "nope".*groups: dev, ops/);
  });

  it('--no-auth never opens the admin API: it still needs the admin token', async () => {
    const configPath = writeConfig(CONFIG);
    const gw = await startHttpGateway(undefined, { configPath, auth: ['--no-auth'], args: ['--admin'] });
    const refused = await send(gw, 'GET', '/admin/servers', undefined);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/admin API needs the admin token/);
    expect((await send(gw, 'GET', '/status', undefined)).status).toBe(200);
    const admin = (await runGw(['token', '--admin', '--config', configPath])).stdout.trim();
    expect(admin).toBe(storedToken(configPath, 'admin'));
    expect((await send(gw, 'GET', '/admin/servers', admin)).status).toBe(200);
    // Rotating the admin token applies at once: the old one opens nothing more.
    const fresh = (await runGw(['token', '--admin', '--rotate', '--config', configPath])).stdout.trim();
    expect(fresh).not.toBe(admin);
    expect((await send(gw, 'GET', '/admin/servers', admin)).status).toBe(403);
    expect((await send(gw, 'GET', '/admin/servers', fresh)).status).toBe(200);
  });
});

describe('HTTP credentials: token strength', () => {
  it('refuses a short token on a non-loopback bind and a token a client cannot send, saying why and what to do', async () => {
    const config = writeConfig(CONFIG);
    const short = await runGw(['serve', '--http', '--host', '0.0.0.0', '--port', '0', '--token', 'x', '--config', config]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/the token given with --token is 1 characters long; .* at least 32.*`gw token` generates \(43 characters\)/);
    const spaced = await runGw(['serve', '--http', '--port', '0', '--config', config], { env: { GW_TOKEN: 'a b' } });
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toMatch(/the token in \$GW_TOKEN contains characters a client cannot send/);
    expect(spaced.stderr).not.toMatch(/listening/);
  });

  it('reads --token-file on a network bind, warns when others can read it, and applies a change to the file at once', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'token');
    const first = 'A'.repeat(40);
    writeFileSync(file, first + '\n', { mode: 0o644 });
    const gw = await startHttpGateway(CONFIG, { auth: ['--token-file', file], args: ['--host', '0.0.0.0'] });
    expect(gw.stderr()).toMatch(/--token-file .* is readable by other users \(mode 0644\); run chmod 600/);
    // Requests go to 127.0.0.1 only; the 0.0.0.0 bind accepts that Host.
    const status = (token: string) => rawRequest(gw.port, { path: '/status', headers: bearer(token) });
    expect((await status(first)).status).toBe(200);
    const second = 'B'.repeat(40);
    writeFileSync(file, second + '\n');
    expect((await status(first)).status).toBe(401);
    expect((await status(second)).status).toBe(200);
    expect(gw.stderr()).not.toContain(first);
  });
});
