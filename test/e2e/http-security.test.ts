// HTTP mode is secure by default: Host and Origin checks, the bearer token, body limits, loopback-only binding, `gw token`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, runGw, writeConfig } from '../helpers/gw.js';
import { initializeBody, MCP_HEADERS, rawRequest, rpcError, rpcMessages, startHttpGateway, storedToken, TOKEN } from '../helpers/http.js';

const CONFIG = { mcpServers: { fx: fixtureEntry() } };
const AUTH = { Authorization: `Bearer ${TOKEN}` };

describe('gw serve --http: request checks', () => {
  it('refuses hostile Host and Origin headers with 403 before reading the body, and sends no CORS headers by default', async () => {
    const gw = await startHttpGateway(CONFIG);
    const post = { method: 'POST', path: '/mcp', body: initializeBody() };
    const badHost = await rawRequest(gw.port, { ...post, headers: { ...MCP_HEADERS, ...AUTH, Host: `attacker.example:${gw.port}` } });
    expect(badHost.status).toBe(403);
    expect(rpcMessages(badHost.body)[0]?.error?.message).toMatch(/Host header/);
    const badPort = await rawRequest(gw.port, { ...post, headers: { ...MCP_HEADERS, ...AUTH, Host: `127.0.0.1:1` } });
    expect(badPort.status).toBe(403);
    const badOrigin = await rawRequest(gw.port, { ...post, headers: { ...MCP_HEADERS, ...AUTH, Origin: 'https://attacker.example' } });
    expect(badOrigin.status).toBe(403);
    expect(badOrigin.body).toMatch(/Origin/);
    // Refused even on the unauthenticated health route and before the token check.
    expect((await rawRequest(gw.port, { path: '/healthz', headers: { Host: 'rebind.example' } })).status).toBe(403);
    expect((await rawRequest(gw.port, { path: '/admin/servers', headers: { Origin: 'https://attacker.example' } })).status).toBe(403);

    const loopbackOrigin = await rawRequest(gw.port, { ...post, headers: { ...MCP_HEADERS, ...AUTH, Origin: `http://localhost:${gw.port}`, Host: `localhost:${gw.port}` } });
    expect(loopbackOrigin.status).toBe(200);
    expect(loopbackOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('treats only real loopback addresses as loopback, accepts --allow-host with or without a port, and answers bad percent-encoding with 400', async () => {
    const gw = await startHttpGateway(CONFIG, { args: ['--allow-host', 'proxy.example', '--admin'] });
    const get = (headers: Record<string, string>, path = '/status') => rawRequest(gw.port, { path, headers: { ...AUTH, ...headers } });
    expect((await get({ Origin: 'http://127.0.0.1.evil.com' })).status).toBe(403);
    expect((await get({ Origin: `http://127.0.0.1:${gw.port}` })).status).toBe(200);
    expect((await get({ Host: 'proxy.example' })).status).toBe(200);
    expect((await get({ Host: `proxy.example:${gw.port}` })).status).toBe(200);
    expect((await get({ Host: 'other.example' })).status).toBe(403);
    expect((await get({}, '/mcp/g/%E0%A4%A')).status).toBe(400);
    expect((await get({ Authorization: `Bearer ${storedToken(gw.configPath, 'admin')}` }, '/admin/servers/%E0%A4%A')).status).toBe(400);
  });

  it('sends CORS headers only to an allowlisted origin', async () => {
    const gw = await startHttpGateway(CONFIG, { args: ['--allow-origin', 'https://app.example'] });
    const preflight = await rawRequest(gw.port, { method: 'OPTIONS', path: '/mcp', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Mcp-Session-Id/);
    const ok = await rawRequest(gw.port, { method: 'POST', path: '/mcp', body: initializeBody(), headers: { ...MCP_HEADERS, ...AUTH, Origin: 'https://app.example' } });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(String(ok.headers['access-control-expose-headers'])).toMatch(/Mcp-Session-Id/);
    expect((await rawRequest(gw.port, { path: '/status', headers: { ...AUTH, Origin: 'https://other.example' } })).status).toBe(403);
  });

  it('requires the bearer token on MCP, status and admin routes, but not on /healthz', async () => {
    const gw = await startHttpGateway(CONFIG);
    for (const [method, p] of [['POST', '/mcp'], ['GET', '/status'], ['GET', '/admin/servers'], ['GET', '/sse'], ['POST', '/mcp/g/x']] as const) {
      const missing = await fetch(gw.base + p, { method, headers: MCP_HEADERS, ...(method === 'POST' && { body: initializeBody() }) });
      expect(missing.status, `${method} ${p}`).toBe(401);
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const wrong = await fetch(gw.base + p, { method, headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}x` }, ...(method === 'POST' && { body: initializeBody() }) });
      expect(wrong.status, `${method} ${p}`).toBe(401);
    }
    const unauthorized = await fetch(gw.base + '/status');
    expect(await unauthorized.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/bearer token/) } });
    const health = await fetch(gw.base + '/healthz');
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const status = await gw.fetch('/status');
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ mode: 'http', servers: [{ name: 'fx' }] });
    // The token never reaches the log.
    expect(gw.stderr()).not.toContain(TOKEN);
  });

  it('answers 413 with a JSON-RPC error over the body limit, and 415 / 406 / 400 / 404 for the other protocol errors', async () => {
    const gw = await startHttpGateway(CONFIG, { args: ['--max-body', '2048'] });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(4096) } });
    const tooLarge = await gw.fetch('/mcp', { method: 'POST', headers: MCP_HEADERS, body: big });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.stringMatching(/2048 bytes/) } });

    const init = await gw.fetch('/mcp', { method: 'POST', headers: MCP_HEADERS, body: initializeBody() });
    const sessionId = init.headers.get('mcp-session-id') as string;
    expect(sessionId).toBeTruthy();
    const inSession = await gw.fetch('/mcp', { method: 'POST', headers: { ...MCP_HEADERS, 'mcp-session-id': sessionId }, body: big });
    expect(inSession.status).toBe(413);
    expect((await rpcError(inSession)).code).toBe(-32000);

    const call = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const wrongType = await gw.fetch('/mcp', { method: 'POST', headers: { ...MCP_HEADERS, 'Content-Type': 'text/plain', 'mcp-session-id': sessionId }, body: call });
    expect(wrongType.status).toBe(415);
    const wrongAccept = await gw.fetch('/mcp', { method: 'POST', headers: { ...MCP_HEADERS, Accept: 'text/html', 'mcp-session-id': sessionId }, body: call });
    expect(wrongAccept.status).toBe(406);
    const noSession = await gw.fetch('/mcp', { method: 'POST', headers: MCP_HEADERS, body: call });
    expect(noSession.status).toBe(400);
    expect((await rpcError(noSession)).message).toMatch(/Mcp-Session-Id/);
    const unknown = await gw.fetch('/mcp', { method: 'POST', headers: { ...MCP_HEADERS, 'mcp-session-id': 'not-a-session' }, body: call });
    expect(unknown.status).toBe(404);
    expect((await rpcError(unknown)).code).toBe(-32001);
    const notJson = await gw.fetch('/mcp', { method: 'POST', headers: MCP_HEADERS, body: '{nope' });
    expect(notJson.status).toBe(400);
    expect((await rpcError(notJson)).code).toBe(-32700);
  });
});

describe('gw serve --http: binding and tokens', () => {
  it('listens on 127.0.0.1 only by default', async () => {
    const gw = await startHttpGateway(CONFIG);
    const listeners = listeningAddresses(gw.port);
    expect(listeners).toEqual(['127.0.0.1']);
  });

  it('refuses --no-auth on a non-loopback address (usage error) and --port without --http', async () => {
    const config = writeConfig(CONFIG);
    const r = await runGw(['serve', '--http', '--host', '0.0.0.0', '--no-auth', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--no-auth is only allowed on a loopback address/);
    const stray = await runGw(['serve', '--port', '7400', '--config', config]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--port only applies with --http/);
    const spaced = await runGw(['serve', '--http', '--token', 'a b', '--config', config]);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toMatch(/cannot send in "Authorization: Bearer/);
  });

  it('serves without a token on loopback with --no-auth', async () => {
    const gw = await startHttpGateway(CONFIG, { auth: ['--no-auth'] });
    expect((await fetch(gw.base + '/status')).status).toBe(200);
  });

  it('generates a token once (0600) that `gw token` prints and that works; --rotate replaces it at once', async () => {
    const configPath = writeConfig(CONFIG);
    const gw = await startHttpGateway(undefined, { configPath, auth: [] });
    const file = path.join(path.dirname(configPath), '.fast-gateway', 'token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const printed = await runGw(['token', '--config', configPath]);
    expect(printed.code).toBe(0);
    const token = printed.stdout.trim();
    expect(token).toBe(readFileSync(file, 'utf8').trim());
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(gw.stderr()).not.toContain(token);
    const withToken = (t: string) => fetch(gw.base + '/status', { headers: { Authorization: `Bearer ${t}` } });
    expect((await withToken(token)).status).toBe(200);
    expect((await fetch(gw.base + '/status')).status).toBe(401);

    const rotated = await runGw(['token', '--rotate', '--config', configPath]);
    const fresh = rotated.stdout.trim();
    expect(fresh).not.toBe(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await withToken(fresh)).status).toBe(200);
    expect((await withToken(token)).status).toBe(401);
  });
});

// Local addresses listening on `port`, from /proc/net/tcp and tcp6 (Linux).
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [addr, p] = (cols[1] ?? '').split(':');
      if (p !== hexPort || cols[3] !== '0A') continue; // 0A = LISTEN
      out.push(table.endsWith('6') ? `v6:${addr}` : decodeV4(addr ?? ''));
    }
  }
  return out;
}

function decodeV4(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((b) => parseInt(b, 16)).reverse();
  return bytes.join('.');
}
