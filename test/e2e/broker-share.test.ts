// Sharing upstreams through the broker: several real `gw serve` sessions, one upstream process per server.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startGateway, textOf, toolNames } from '../helpers/gateway.js';
import { brokerDir, fixturePids, parentOf, taggedFixture } from '../helpers/broker.js';
import { tempDir, writeConfig } from '../helpers/gw.js';

describe('shared upstreams', () => {
  it('runs one upstream process for three sessions, and three without "share"', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = {
      share: true,
      mcpServers: { one: taggedFixture(`${tag}-a`), two: taggedFixture(`${tag}-b`) },
    };
    const path = writeConfig(config);
    const sessions = await Promise.all(
      [0, 1, 2].map(() => startGateway(undefined, { configPath: path, env: broker.env })),
    );
    for (const gw of sessions) {
      const result = await gw.client.callTool({ name: 'one_echo', arguments: { text: `hi ${gw.pid}` } });
      expect(textOf(result)).toBe(`hi ${gw.pid}`);
    }
    expect(fixturePids(`${tag}-a`)).toHaveLength(1);
    expect(fixturePids(`${tag}-b`)).toHaveLength(1);
    expect(broker.pids()).toHaveLength(1);
    expect(fixturePids(`${tag}-a`).map(parentOf)).toEqual(broker.pids());

    const unsharedTag = randomUUID();
    const unshared = writeConfig({ mcpServers: { one: taggedFixture(unsharedTag) } });
    const plain = await Promise.all(
      [0, 1, 2].map(() => startGateway(undefined, { configPath: unshared, env: broker.env })),
    );
    for (const gw of plain) await gw.client.callTool({ name: 'one_echo', arguments: { text: 'x' } });
    expect(fixturePids(unsharedTag).map(parentOf).sort()).toEqual(plain.map((gw) => gw.pid).sort());
  });

  it('a session attaching to a warm broker gets its first listing in the attach reply, without asking the upstream', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = writeConfig({ share: true, mcpServers: { one: taggedFixture(tag) } });
    const first = await startGateway(undefined, { configPath: config, env: broker.env });
    await toolNames(first.client, ['one_echo']);
    // The upstream is stopped: anything the next session asked it would go unanswered.
    const [pid] = fixturePids(tag);
    process.kill(pid!, 'SIGSTOP');
    onTestFinished(() => void process.kill(pid!, 'SIGCONT'));
    // Its own state directory: no tool-list cache of an earlier run answers for it.
    const next = await startGateway(undefined, {
      configPath: config,
      env: { ...broker.env, GW_STATE_DIR: tempDir() },
    });
    await toolNames(next.client, ['one_echo']);
    process.kill(pid!, 'SIGCONT');
    expect(textOf(await next.client.callTool({ name: 'one_echo', arguments: { text: 'live' } }))).toBe(
      'live',
    );
  });
});
