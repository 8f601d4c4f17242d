// Two `gw serve --http` replicas behind a real HAProxy (Debian's): 2025 sessions with the sticky rule, /readyz health
// checks, a replica killed mid-run, and a SIGTERM drain; the config is the one docs/deploy.md shows.
import { describe, expect, it, onTestFinished } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { textOf, waitFor } from '../helpers/gateway.js';
import { startHaproxy, PROXY_HOST, type Haproxy } from '../helpers/haproxy.js';
import { startHttpGateway, TOKEN, type HttpGateway } from '../helpers/http.js';

interface ProxiedSession {
  client: Client;
  id: string;
  // The replica whose log says it started this session.
  on: string;
}

// Two replicas of one gateway.json (each with its own state directory, as pods have), accepting the proxy's Host.
async function replicas(config: unknown, names = ['a', 'b'], extra: Record<string, string[]> = {}): Promise<Map<string, HttpGateway>> {
  const configPath = writeConfig(config);
  const out = new Map<string, HttpGateway>();
  for (const name of names) {
    const gw = await startHttpGateway(undefined, {
      configPath,
      args: ['--allow-host', PROXY_HOST, ...(extra[name] ?? [])],
      env: { GW_STATE_DIR: tempDir(`gw-state-${name}-`) },
    });
    out.set(name, gw);
  }
  return out;
}

// An SDK client through the proxy; `on` names the replica that logged the session's start.
async function connectVia(base: string, gws: Map<string, HttpGateway>): Promise<ProxiedSession> {
  const client = new Client({ name: 'lb-test', version: '1.0.0' }, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
  await client.connect(transport);
  onTestFinished(() => client.close().catch(() => undefined));
  const id = transport.sessionId ?? '';
  const on = await waitFor(() => [...gws].find(([, gw]) => gw.stderr().includes(`session ${id.slice(0, 8)} started`))?.[0]);
  return { client, id, on };
}

// HAProxy in front of the replicas, once its health checks see every one of them up.
async function balance(gws: Map<string, HttpGateway>, sticky = true): Promise<Haproxy> {
  const lb = await startHaproxy({ servers: [...gws].map(([name, gw]) => ({ name, port: gw.port })), sticky });
  for (const name of gws.keys()) await lb.waitForState(name, 'UP');
  return lb;
}

async function echo(s: ProxiedSession, text: string): Promise<string> {
  return textOf(await s.client.callTool({ name: 'fx_echo', arguments: { text } }));
}

const CONFIG = { mcpServers: { fx: fixtureEntry() } };

describe('gw serve --http behind HAProxy', () => {
  it('keeps every 2025 session on its replica with the sticky rule (and without it, sessions break)', async () => {
    const gws = await replicas(CONFIG);
    const lb = await balance(gws);
    const sessions: ProxiedSession[] = [];
    for (let i = 0; i < 8; i++) sessions.push(await connectVia(lb.base, gws));
    // Round robin spreads the sessions; stickiness keeps each one's later requests where it began.
    expect(new Set(sessions.map((s) => s.on))).toEqual(new Set(['a', 'b']));
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(sessions.map((s, i) => echo(s, `s${i}r${round}`)));
      expect(answers).toEqual(sessions.map((_, i) => `s${i}r${round}`));
    }

    // The same replicas behind plain round robin: the request after initialize reaches the other replica, which
    // does not know the session.
    const plain = await balance(gws, false);
    await expect(
      (async () => {
        for (let i = 0; i < 4; i++) await echo(await connectVia(plain.base, gws), 'x');
      })(),
    ).rejects.toThrow(/Session not found|404/);
  });

  it('takes a replica out while /readyz fails (its upstream has not started) and back in when it is ready', async () => {
    const gate = `${tempDir()}/go`;
    const configPath = writeConfig({ mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_WAIT_FOR_FILE: gate }) } });
    const a = await startHttpGateway(CONFIG, { args: ['--allow-host', PROXY_HOST] });
    const b = await startHttpGateway(undefined, { configPath, args: ['--allow-host', PROXY_HOST] });
    const gws = new Map([
      ['a', a],
      ['b', b],
    ]);
    expect(await (await fetch(`${b.base}/readyz`)).json()).toMatchObject({ ready: false, policy: 'any', upstreams: { ready: 0, total: 1 } });
    const lb = await startHaproxy({ servers: [...gws].map(([name, gw]) => ({ name, port: gw.port })) });
    await lb.waitForState('a', 'UP');
    await lb.waitForState('b', 'DOWN');
    const sessions: ProxiedSession[] = [];
    for (let i = 0; i < 4; i++) sessions.push(await connectVia(lb.base, gws));
    expect(sessions.map((s) => s.on)).toEqual(['a', 'a', 'a', 'a']);

    const { writeFileSync } = await import('node:fs');
    writeFileSync(gate, '');
    await lb.waitForState('b', 'UP');
    const later: ProxiedSession[] = [];
    for (let i = 0; i < 4; i++) later.push(await connectVia(lb.base, gws));
    expect(later.map((s) => s.on)).toContain('b');
    for (const s of later) expect(await echo(s, 'ok')).toBe('ok');
  });

  it('loses only the sessions of a replica that is killed; the others and new sessions go on', async () => {
    const gws = await replicas(CONFIG);
    const lb = await balance(gws);
    const sessions: ProxiedSession[] = [];
    for (let i = 0; i < 6; i++) sessions.push(await connectVia(lb.base, gws));
    for (const s of sessions) expect(await echo(s, 'before')).toBe('before');

    const a = gws.get('a') as HttpGateway;
    const tree = listDescendants(a.pid);
    onTestFinished(() => tree.filter(isAlive).forEach((p) => killTreeSync(p)));
    process.kill(a.pid, 'SIGKILL');
    await a.proc;
    const results = await Promise.allSettled(sessions.map((s) => echo(s, 'after')));
    sessions.forEach((s, i) => expect(results[i]?.status, `session on ${s.on}`).toBe(s.on === 'b' ? 'fulfilled' : 'rejected'));
    expect(sessions.some((s) => s.on === 'a')).toBe(true);

    await lb.waitForState('a', 'DOWN');
    const fresh = await connectVia(lb.base, gws);
    expect(fresh.on).toBe('b');
    expect(await echo(fresh, 'new')).toBe('new');
  });

  it('drains on SIGTERM: the call in flight on that replica finishes, it exits 0, and the service goes on', async () => {
    const gws = await replicas(CONFIG, ['a', 'b'], { a: ['--drain-timeout', '30000'] });
    const lb = await balance(gws);
    const sessions: ProxiedSession[] = [];
    for (let i = 0; i < 4; i++) sessions.push(await connectVia(lb.base, gws));
    const onA = sessions.find((s) => s.on === 'a') as ProxiedSession;
    const a = gws.get('a') as HttpGateway;

    const slow = onA.client.callTool({ name: 'fx_sleep', arguments: { ms: 1500 } });
    await waitFor(() => a.stderr().includes('fixture: sleep request'));
    process.kill(a.pid, 'SIGTERM');
    expect(textOf(await slow)).toMatch(/slept|1500/);
    expect((await a.proc).exitCode).toBe(0);
    expect(a.stderr()).toMatch(/draining: 1 session with calls in flight/);
    expect(a.stderr()).toMatch(/drained: every call in flight finished/);

    await lb.waitForState('a', 'DOWN');
    for (const s of sessions.filter((x) => x.on === 'b')) expect(await echo(s, 'still')).toBe('still');
    expect(await echo(await connectVia(lb.base, gws), 'new')).toBe('new');
  });
});
