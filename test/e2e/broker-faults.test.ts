// Faults around the broker: killed broker, killed session, a broker that cannot start, grace exit; no orphans either way.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGateway, textOf, waitFor } from '../helpers/gateway.js';
import {
  brokerDir,
  brokerLog,
  brokerStatus,
  fixturePids,
  parentOf,
  taggedFixture,
} from '../helpers/broker.js';
import { runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { isAlive } from '../../src/upstream/process-tree.js';

const alive = (pids: number[]) => pids.filter(isAlive);

describe('broker faults', () => {
  it('broker SIGKILL: the call in flight fails at once, the upstream and its grandchild die, the next call reattaches', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = writeConfig({
      share: true,
      mcpServers: { one: taggedFixture(tag, { FIXTURE_MODE: 'grandchild', FIXTURE_GRANDCHILD_SETSID: '1' }) },
    });
    const [a, b] = await Promise.all(
      [0, 1].map(() => startGateway(undefined, { configPath: config, env: broker.env })),
    );
    expect(textOf(await a!.client.callTool({ name: 'one_echo', arguments: { text: 'before' } }))).toBe(
      'before',
    );
    // The grandchild (own session, survives its parent) is recorded beside the upstream's record.
    const record = await waitFor(() => {
      const files = readdirSync(path.join(broker.dir, 'children'));
      const r = files.map(
        (f) =>
          JSON.parse(readFileSync(path.join(broker.dir, 'children', f), 'utf8')) as {
            pid: number;
            descendants?: Array<{ pid: number }>;
          },
      );
      return r.find((x) => (x.descendants ?? []).length > 0);
    });
    const upstreamPids = [record.pid, ...(record.descendants ?? []).map((d) => d.pid)];
    const [oldBroker] = broker.pids();
    const inFlight = a!.client.callTool({ name: 'one_sleep', arguments: { ms: 120_000 } });
    await waitFor(() => brokerLog(broker.dir).includes('fixture: sleep request'));
    process.kill(oldBroker!, 'SIGKILL');
    const failed = await inFlight;
    expect(failed.isError).toBe(true);
    await waitFor(() => alive(upstreamPids).length === 0);
    // Both sessions reattach to one new broker.
    const again = await waitFor(
      async () =>
        textOf(await b!.client.callTool({ name: 'one_echo', arguments: { text: 'after' } })) === 'after' ||
        undefined,
      20_000,
    );
    expect(again).toBe(true);
    expect(textOf(await a!.client.callTool({ name: 'one_echo', arguments: { text: 'a after' } }))).toBe(
      'a after',
    );
    expect(broker.pids()).toHaveLength(1);
    expect(broker.pids()[0]).not.toBe(oldBroker);
    expect(fixturePids(tag)).toHaveLength(1);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`broker ${signal}: its upstream ends with it and the session reattaches to a new broker`, async () => {
      const broker = brokerDir();
      const tag = randomUUID();
      const gw = await startGateway(
        { share: true, mcpServers: { one: taggedFixture(tag) } },
        { env: broker.env },
      );
      await gw.client.callTool({ name: 'one_echo', arguments: { text: 'x' } });
      const [old] = broker.pids();
      const upstream = fixturePids(tag);
      process.kill(old!, signal);
      await waitFor(() => alive([old!, ...upstream]).length === 0);
      expect(brokerLog(broker.dir)).toContain(`stopping: ${signal}`);
      await waitFor(
        async () => textOf(await gw.client.callTool({ name: 'one_echo', arguments: { text: 'y' } })) === 'y',
        20_000,
      );
      expect(fixturePids(tag).map(parentOf)).toEqual(broker.pids());
    });
  }

  it('a killed session: the broker drops its call and keeps serving the others', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = writeConfig({ share: true, mcpServers: { one: taggedFixture(tag) } });
    const [a, b] = await Promise.all(
      [0, 1].map(() => startGateway(undefined, { configPath: config, env: broker.env })),
    );
    void a!.client.callTool({ name: 'one_sleep', arguments: { ms: 120_000 } }).catch(() => undefined);
    const busy = await waitFor(async () =>
      (await brokerStatus(broker.dir))?.upstreams[0]?.calls === 1 ? true : undefined,
    );
    expect(busy).toBe(true);
    process.kill(a!.pid, 'SIGKILL');
    const status = await waitFor(async () => {
      const s = await brokerStatus(broker.dir);
      return s?.sessions === 1 && s.upstreams[0]?.sessions === 1 ? s : undefined;
    });
    expect(status.upstreams[0]).toMatchObject({ calls: 0, serverRequests: 0, subscriptions: 0 });
    // The upstream was told to stop the dropped call.
    await waitFor(() => brokerLog(broker.dir).includes('fixture: cancelled request'));
    expect(textOf(await b!.client.callTool({ name: 'one_echo', arguments: { text: 'still' } }))).toBe(
      'still',
    );
  });

  it('a broker that cannot start: the session serves its servers unshared and says why', async () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const tag = randomUUID();
    const gw = await startGateway(
      { share: true, mcpServers: { one: taggedFixture(tag) } },
      { env: { GW_BROKER_DIR: path.join(blocker, 'broker') } },
    );
    expect(textOf(await gw.client.callTool({ name: 'one_echo', arguments: { text: 'hi' } }))).toBe('hi');
    expect(gw.stderr()).toMatch(
      /sharing is off for this session, its servers run unshared: cannot use .*a-file\/broker/,
    );
    expect(fixturePids(tag).map(parentOf)).toEqual([gw.pid]);
  });

  it('exits after the grace period with no session, ending its upstreams; EOF, TERM, INT and KILL of sessions leave nothing', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = writeConfig({ share: true, shareGrace: 1, mcpServers: { one: taggedFixture(tag) } });
    const sessions = await Promise.all(
      [0, 1, 2, 3].map(() => startGateway(undefined, { configPath: config, env: broker.env })),
    );
    for (const gw of sessions) await gw.client.callTool({ name: 'one_echo', arguments: { text: 'x' } });
    const upstream = fixturePids(tag);
    expect(upstream).toHaveLength(1);
    const [brokerPid] = broker.pids();
    const [eof, term, int, kill] = sessions;
    await eof!.close();
    process.kill(term!.pid, 'SIGTERM');
    process.kill(int!.pid, 'SIGINT');
    process.kill(kill!.pid, 'SIGKILL');
    await waitFor(() => alive([brokerPid!, ...upstream, ...sessions.map((s) => s.pid)]).length === 0, 20_000);
    expect(brokerLog(broker.dir)).toContain('stopping: no session for 1 s');
  });

  it('gw broker stop ends the broker and its upstreams; gw status and gw tools say what is shared', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = writeConfig({
      share: true,
      mcpServers: { one: taggedFixture(tag), solo: taggedFixture(`${tag}-solo`, {}, { share: false }) },
    });
    const gw = await startGateway(undefined, { configPath: config, env: broker.env });
    await gw.client.callTool({ name: 'one_echo', arguments: { text: 'x' } });
    const status = await waitFor(async () => {
      const r = await runGw(['status', '--config', config], { env: broker.env });
      return /one\s+ready \(shared\)/.test(r.stdout) ? r.stdout : undefined;
    });
    expect(status).toMatch(/solo\s+ready\s/);
    expect(status).toMatch(/broker pid \d+ \(gw [^)]+\): 1 session, 1 shared upstream/);
    const tools = await runGw(['tools', '--config', config], { env: broker.env });
    expect(tools.stdout).toMatch(/shared through the broker: one; broker pid \d+/);
    const upstream = fixturePids(tag);
    const [brokerPid] = broker.pids();
    const stop = await runGw(['broker', 'stop', '--dir', broker.dir]);
    expect(stop.stdout).toContain('broker stopping');
    await waitFor(() => alive([brokerPid!, ...upstream]).length === 0);
    expect(fixturePids(`${tag}-solo`)).toHaveLength(1);
  });
});
