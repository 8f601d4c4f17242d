// A config edit with two sessions attached to the broker: both sessions see list_changed, and the broker's set of
// upstreams changes once (one process for an added server, the removed one ended once no session uses it).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { brokerDir, brokerStatus, fixturePids, taggedFixture } from '../helpers/broker.js';
import { runGw, writeConfig } from '../helpers/gw.js';

// Two sessions on one config and broker, each counting the tools/list_changed it receives once `tool` is listed.
async function attachTwo(config: string, env: Record<string, string>, tool: string) {
  const sessions = await Promise.all([0, 1].map(() => startGateway(undefined, { configPath: config, env })));
  const changed = sessions.map(() => 0);
  for (const [i, gw] of sessions.entries()) {
    await toolNames(gw.client, [tool]);
    gw.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed[i]!++);
  }
  return { sessions, changed };
}

describe('config reload with shared upstreams', () => {
  it('`gw add` and `gw remove` with two sessions attached: both see list_changed; one spawn, one end in the broker', async () => {
    const broker = brokerDir();
    const [tagOne, tagTwo] = [randomUUID(), randomUUID()];
    const config = writeConfig({ share: true, shareGrace: 1, mcpServers: { one: taggedFixture(tagOne) } });
    const { sessions, changed } = await attachTwo(config, broker.env, 'one_echo');
    const servers = async () => (await brokerStatus(broker.dir))?.upstreams.map((u) => u.server).sort();
    expect(await servers()).toEqual(['one']);

    const entry = taggedFixture(tagTwo);
    const add = await runGw(['add', 'two', '--config', config, '--', entry.command, ...entry.args]);
    expect(add.code).toBe(0);
    for (const gw of sessions) {
      await toolNames(gw.client, ['two_echo']);
      const result = await gw.client.callTool({ name: 'two_echo', arguments: { text: `from ${gw.pid}` } });
      expect(textOf(result)).toBe(`from ${gw.pid}`);
    }
    await waitFor(() => changed.every((n) => n > 0) || undefined);
    expect(fixturePids(tagTwo)).toHaveLength(1);
    const two = (await brokerStatus(broker.dir))?.upstreams.find((u) => u.server === 'two');
    expect(two?.sessions).toBe(2);

    const before = [...changed];
    const oldPids = fixturePids(tagOne);
    expect(oldPids).toHaveLength(1);
    expect((await runGw(['remove', 'one', '--config', config])).code).toBe(0);
    for (const gw of sessions)
      await waitFor(async () => !(await gw.client.listTools()).tools.some((t) => t.name === 'one_echo'));
    await waitFor(() => changed.every((n, i) => n > before[i]!) || undefined);
    // The removed server's process ends once the last session let go (after shareGrace), and only it.
    await waitFor(() => fixturePids(tagOne).length === 0 || undefined, 20_000);
    await waitFor(async () => ((await servers())?.join() === 'two') || undefined, 20_000);
    expect(fixturePids(tagTwo)).toHaveLength(1);
  });

  it('an edited server (its env changed) with two sessions attached: one new process for both, the old one ended', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const entry = (gen: string) => taggedFixture(tag, { GEN: gen, FIXTURE_DESCRIPTION_PREFIX: `gen ${gen}: ` });
    const config = writeConfig({ share: true, shareGrace: 1, mcpServers: { one: entry('1') } });
    const { sessions, changed } = await attachTwo(config, broker.env, 'one_env');
    const gen = (gw: (typeof sessions)[number]) =>
      gw.client.callTool({ name: 'one_env', arguments: { name: 'GEN' } }).then(textOf);
    expect(await Promise.all(sessions.map(gen))).toEqual(['1', '1']);
    const [old] = fixturePids(tag);
    expect(fixturePids(tag)).toEqual([old]);

    writeConfig({ share: true, shareGrace: 1, mcpServers: { one: entry('2') } }, path.dirname(config));
    for (const gw of sessions) await waitFor(async () => (await gen(gw)) === '2' || undefined, 20_000);
    await waitFor(() => changed.every((n) => n > 0) || undefined);
    // Both sessions call the one new process; the old one ends once neither uses it (after shareGrace).
    const fresh = fixturePids(tag).filter((pid) => pid !== old);
    expect(fresh).toHaveLength(1);
    await waitFor(() => fixturePids(tag).join() === fresh.join() || undefined, 20_000);
    const one = (await brokerStatus(broker.dir))?.upstreams.filter((u) => u.server === 'one');
    expect(one?.map((u) => [u.pid, u.sessions])).toEqual([[fresh[0], 2]]);
  });
});
