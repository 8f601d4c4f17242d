// A 2026-07-28 upstream shared through the broker, with two sessions at once: one process, each session's calls,
// progress and cancellation its own, input_required answered by the session whose call asked, and the upstream's one
// subscriptions/listen stream fanned out to the sessions that subscribed; and a 2025 server the era probe kills.
import { randomUUID } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  ElicitRequestSchema,
  ProgressNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { onTestFinished, describe, expect, it } from 'vitest';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { brokerDir, brokerLog, brokerStatus, fixturePids, processesMatching, taggedFixture } from '../helpers/broker.js';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { killTreeSync } from '../../src/upstream/process-tree.js';

// The v2 fixture server, its processes tagged on the command line so /proc tells them apart.
function taggedModern(tag: string, extra: Record<string, unknown> = {}) {
  const entry = fixtureEntry('modern.ts', {}, extra);
  onTestFinished(() => {
    for (const pid of processesMatching(`--tag ${tag}`)) killTreeSync(pid);
  });
  return { ...entry, args: [...entry.args, '--tag', tag] };
}

const ELICITATION = { capabilities: { elicitation: {} } };

async function sessions(
  protocol: string,
  clientOptions?: object,
  prepare?: (name: string) => (c: Client) => void,
) {
  const broker = brokerDir();
  const tag = randomUUID();
  const config = writeConfig({
    share: true,
    settings: { stateDir: tempDir() },
    mcpServers: { m: taggedModern(tag, { protocol }) },
  });
  const start = (name: string) =>
    startGateway(undefined, {
      configPath: config,
      env: broker.env,
      ...(clientOptions && { clientOptions }),
      ...(prepare && { prepare: prepare(name) }),
    });
  const [a, b] = await Promise.all([start('a'), start('b')]);
  await Promise.all([toolNames(a.client, ['m_echo']), toolNames(b.client, ['m_echo'])]);
  return { broker, tag, a, b };
}

describe('a 2026-07-28 upstream shared through the broker', () => {
  it('one process for two sessions calling at once, each with its own results and progress', async () => {
    const { broker, tag, a, b } = await sessions('2026-07-28');
    expect(fixturePids(tag)).toHaveLength(1);
    const report = (await brokerStatus(broker.dir))?.upstreams.find((u) => u.server === 'm');
    expect(report?.sessions).toBe(2);
    const echo = (gw: typeof a, text: string) => gw.client.callTool({ name: 'm_echo', arguments: { text } });
    const calls = await Promise.all([...Array(4).keys()].map((i) => echo(i % 2 ? a : b, `call ${i}`)));
    expect(calls.map(textOf)).toEqual(['call 0', 'call 1', 'call 2', 'call 3']);
    expect(textOf(await a.client.callTool({ name: 'm_whoami', arguments: {} }))).toBe('era modern');

    // Every progress notification each client got (its own handler, not the SDK's, which drops progress that arrives
    // in the same read as its result), each call under a token of its own.
    const progress = { a: [] as string[], b: [] as string[] };
    for (const [name, gw] of [
      ['a', a],
      ['b', b],
    ] as const)
      gw.client.setNotificationHandler(ProgressNotificationSchema, (n) => {
        progress[name].push(`${String(n.params.progressToken)} ${n.params.progress}/${n.params.total}`);
      });
    const count = (gw: typeof a, token: string, n: number) =>
      gw.client.request(
        {
          method: 'tools/call',
          params: { name: 'm_count', arguments: { n }, _meta: { progressToken: token } },
        },
        CallToolResultSchema,
      );
    const [ca, cb] = await Promise.all([count(a, 'tok-a', 3), count(b, 'tok-b', 5)]);
    expect([textOf(ca), textOf(cb)]).toEqual(['counted 3', 'counted 5']);
    await waitFor(() => (progress.a.length === 3 && progress.b.length === 5) || undefined);
    expect(progress).toEqual({
      a: ['tok-a 1/3', 'tok-a 2/3', 'tok-a 3/3'],
      b: ['tok-b 1/5', 'tok-b 2/5', 'tok-b 3/5', 'tok-b 4/5', 'tok-b 5/5'],
    });
    expect(fixturePids(tag)).toHaveLength(1);
  });

  it("cancelling one session's call reaches the upstream and leaves the other session's call running", async () => {
    const { broker, a, b } = await sessions('2026-07-28');
    const started = () => brokerLog(broker.dir).split('modern fixture: wait started').length - 1;
    const cancelled = () => brokerLog(broker.dir).split('modern fixture: wait cancelled').length - 1;
    const stopA = new AbortController();
    const stopB = new AbortController();
    const callA = a.client.callTool({ name: 'm_wait', arguments: {} }, undefined, { signal: stopA.signal });
    const callB = b.client.callTool({ name: 'm_wait', arguments: {} }, undefined, { signal: stopB.signal });
    await waitFor(() => started() === 2 || undefined, 20_000);
    stopA.abort('a stopped it');
    await expect(callA).rejects.toThrow();
    await waitFor(() => cancelled() === 1 || undefined, 20_000);
    // B's call is still in flight in the broker; it ends only when B cancels it.
    const m = (await brokerStatus(broker.dir))?.upstreams.find((u) => u.server === 'm');
    expect(m?.calls).toBe(1);
    expect(textOf(await a.client.callTool({ name: 'm_echo', arguments: { text: 'still here' } }))).toBe(
      'still here',
    );
    stopB.abort('b stopped it');
    await expect(callB).rejects.toThrow();
    await waitFor(() => cancelled() === 2 || undefined, 20_000);
  });

  it('input_required goes to the session whose call asked, with two sessions asking at once', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const both = new Promise<void>((resolve) => (release = resolve));
    const { a, b } = await sessions(
      'auto',
      ELICITATION,
      (name) => (client) =>
        client.setRequestHandler(ElicitRequestSchema, async () => {
          // Each waits until both sessions were asked: a request routed to the wrong session would hang here.
          if (seen.push(name) === 2) release();
          await both;
          return { action: 'accept', content: { colour: `colour of ${name}` } };
        }),
    );
    const ask = (gw: typeof a) => gw.client.callTool({ name: 'm_ask', arguments: {} });
    const [ra, rb] = await Promise.all([ask(a), ask(b)]);
    expect(textOf(ra)).toBe('colour accept {"colour":"colour of a"}');
    expect(textOf(rb)).toBe('colour accept {"colour":"colour of b"}');
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('one listen stream upstream: resources/updated reaches exactly the sessions that subscribed', async () => {
    const { broker, a, b } = await sessions('2026-07-28');
    const updated = { a: 0, b: 0 };
    a.client.setNotificationHandler(ResourceUpdatedNotificationSchema, () => void updated.a++);
    b.client.setNotificationHandler(ResourceUpdatedNotificationSchema, () => void updated.b++);
    await a.client.subscribeResource({ uri: 'note://one' });
    const touch = (gw: typeof a, text: string) =>
      gw.client.callTool({ name: 'm_touch', arguments: { text } });
    expect(textOf(await touch(b, 'by b'))).toBe('touched');
    await waitFor(() => updated.a === 1 || undefined, 20_000);
    await b.client.subscribeResource({ uri: 'note://one' });
    await touch(a, 'by a');
    await waitFor(() => (updated.a === 2 && updated.b === 1) || undefined, 20_000);
    const m = (await brokerStatus(broker.dir))?.upstreams.find((u) => u.server === 'm');
    expect(m?.streams).toBe(1);
    expect(m?.listens).toBe(2);
    await a.client.unsubscribeResource({ uri: 'note://one' });
    await touch(b, 'b again');
    await waitFor(() => updated.b === 2 || undefined, 20_000);
    // Had the broker sent A this update, it would be on A's line before the answer to A's next call.
    await a.client.callTool({ name: 'm_echo', arguments: { text: 'after' } });
    expect(updated.a).toBe(2);
  });

  it('a strict 2025 server that exits when the era probe asks server/discover is started again and shared in 2025', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = writeConfig({
      share: true,
      settings: { stateDir: tempDir() },
      mcpServers: { s: taggedFixture(tag, { FIXTURE_MODE: 'exit-on-discover' }) },
    });
    const gw = await startGateway(undefined, { configPath: config, env: broker.env });
    await toolNames(gw.client, ['s_echo']);
    expect(textOf(await gw.client.callTool({ name: 's_echo', arguments: { text: 'in 2025' } }))).toBe('in 2025');
    // The probed process is gone; the one the broker started again serves.
    expect(fixturePids(tag)).toHaveLength(1);
    expect((await brokerStatus(broker.dir))?.upstreams.find((u) => u.server === 's')?.sessions).toBe(1);
  });
});
