// 2026-07-28 clients need no stickiness: two `gw serve --http` replicas behind a real HAProxy in plain round robin
// answer any stateless request, a call that needs input resumes on either replica, and a replica killed mid-run costs
// only the requests in flight on it.
import { describe, expect, it, onTestFinished } from 'vitest';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { startHaproxy, PROXY_HOST } from '../helpers/haproxy.js';
import { startHttpGateway, TOKEN, type HttpGateway } from '../helpers/http.js';
import { envelope, MODERN, modernFetch, readEvents } from '../helpers/modern.js';
import { textOf } from '../helpers/gateway.js';

const AUTH = { Authorization: `Bearer ${TOKEN}` };

async function replicas(fixture = 'fixture.ts', env: Record<string, string> = {}): Promise<Map<string, HttpGateway>> {
  const configPath = writeConfig({ mcpServers: { fx: fixtureEntry(fixture) } });
  const out = new Map<string, HttpGateway>();
  for (const name of ['a', 'b']) {
    const gw = await startHttpGateway(undefined, { configPath, args: ['--allow-host', PROXY_HOST], env: { GW_STATE_DIR: tempDir(`gw-state-${name}-`), ...env } });
    out.set(name, gw);
  }
  return out;
}

// One stateless 2026 tools/call of fx_pid: the pid of the gateway replica that answered (the fixture's parent).
async function answeringReplica(base: string): Promise<number> {
  const { status, body } = await modernFetch(base, AUTH, 'tools/call', { name: 'fx_pid', arguments: {} });
  expect(status, JSON.stringify(body)).toBe(200);
  const text = (body.result?.content as Array<{ text: string }> | undefined)?.[0]?.text ?? '';
  return (JSON.parse(text) as { ppid: number }).ppid;
}

describe('2026-07-28 clients behind HAProxy (round robin, no stickiness)', () => {
  it('spreads stateless requests over both replicas, every one answered, streams progress, and survives a replica killed mid-run', async () => {
    const gws = await replicas();
    const lb = await startHaproxy({ servers: [...gws].map(([name, gw]) => ({ name, port: gw.port })), sticky: false });
    for (const name of gws.keys()) await lb.waitForState(name, 'UP');

    const discover = await modernFetch(lb.base, AUTH, 'server/discover');
    expect(discover.body.result?.supportedVersions).toContain('2026-07-28');
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) seen.push(await answeringReplica(lb.base));
    const pids = new Map([...gws].map(([name, gw]) => [gw.pid, name]));
    expect(new Set(seen.map((pid) => pids.get(pid)))).toEqual(new Set(['a', 'b']));

    // A call's progress comes through the balancer as an event stream, the response last.
    const res = await fetch(lb.base + '/mcp', {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': MODERN, 'Mcp-Method': 'tools/call', 'Mcp-Name': 'fx_sleep' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'fx_sleep', arguments: { ms: 250 }, _meta: { ...envelope(), progressToken: 'lb-1' } } }),
    });
    const events = readEvents(res);
    expect((await events.next((m) => m.method === 'notifications/progress')).params).toMatchObject({ progressToken: 'lb-1' });
    expect(textOf((await events.next((m) => m.id === 9)).result)).toBe('slept 250');

    const a = gws.get('a') as HttpGateway;
    const tree = listDescendants(a.pid);
    onTestFinished(() => tree.filter(isAlive).forEach((p) => killTreeSync(p)));
    // A client retries a request that failed on the replica it reached (a few times, as a load-balanced client does).
    const retried = async (): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await answeringReplica(lb.base);
        } catch (error) {
          if (attempt === 5) throw error;
        }
      }
    };
    const during = Array.from({ length: 6 }, () => retried());
    process.kill(a.pid, 'SIGKILL');
    await a.proc;
    expect((await Promise.allSettled(during)).map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    await lb.waitForState('a', 'DOWN');
    const after: number[] = [];
    for (let i = 0; i < 6; i++) after.push(await answeringReplica(lb.base));
    expect(new Set(after)).toEqual(new Set([(gws.get('b') as HttpGateway).pid]));
  });

  it('resumes a call that needs input on the replica that did not start it, by re-issuing it with the recorded answers', async () => {
    const gws = await replicas('conformance.ts', { GW_SIGNING_KEY: 'a-signing-key-both-replicas-share' });
    const lb = await startHaproxy({ servers: [...gws].map(([name, gw]) => ({ name, port: gw.port })), sticky: false });
    for (const name of gws.keys()) await lb.waitForState(name, 'UP');
    // Both replicas list the tool (round robin alternates, so two lists in a row cover both).
    for (let hits = 0; hits < 2; ) {
      const { body } = await modernFetch(lb.base, AUTH, 'tools/list');
      hits = (body.result?.tools as Array<{ name: string }> | undefined)?.some((t) => t.name === 'fx_test_elicitation') ? hits + 1 : 0;
    }
    const caps = { elicitation: {} };
    const reissued = () => [...gws].filter(([, gw]) => gw.stderr().includes('re-issued with 1 recorded answer')).map(([name]) => name);
    // Round robin sends the resume to the other replica; a few calls make sure at least one was resumed there.
    for (let i = 0; i < 4 && reissued().length === 0; i++) {
      const params = { name: 'fx_test_elicitation', arguments: { message: `Colour ${i}?` } };
      const first = await modernFetch(lb.base, AUTH, 'tools/call', params, { capabilities: caps });
      expect(first.body.result?.resultType, JSON.stringify(first.body)).toBe('input_required');
      const [key] = Object.keys(first.body.result?.inputRequests as object);
      const answers = { [String(key)]: { action: 'accept', content: { response: `teal-${i}` } } };
      const done = await modernFetch(lb.base, AUTH, 'tools/call', { ...params, requestState: first.body.result?.requestState, inputResponses: answers }, { capabilities: caps });
      expect(done.body.result?.resultType, JSON.stringify(done.body)).toBe('complete');
      expect(textOf(done.body.result)).toContain(`teal-${i}`);
    }
    expect(reissued()).toHaveLength(1);
  });
});
