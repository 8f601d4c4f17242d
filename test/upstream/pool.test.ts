import { onTestFinished, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse.js';
import { isGatewayError } from '../../src/errors.js';
import { SILENT_LOGGER } from '../../src/log.js';
import type { UpstreamState } from '../../src/upstream/context.js';
import { createPool } from '../../src/upstream/pool.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';

function poolOf(servers: Record<string, unknown>) {
  const dir = tempDir();
  const config = parseConfigText(JSON.stringify({ mcpServers: servers }), { file: `${dir}/gateway.json`, stateDir: dir });
  const pool = createPool({
    log: SILENT_LOGGER,
    settings: config.settings,
    clientCapabilities: () => ({}),
    preConnect: async () => undefined,
    onServerRequest: async () => ({}),
    onNotification: () => undefined,
    retry: false,
  });
  onTestFinished(() => pool.close());
  return { pool, config };
}

describe('the pool', () => {
  it('lists the enabled servers in config order as views, with one plain status object each', async () => {
    const { pool, config } = poolOf({ a: fixtureEntry(), b: { ...fixtureEntry(), enabled: false }, c: fixtureEntry() });
    await pool.apply(config.servers);
    expect(pool.servers().map((s) => [s.name, s.state, s.listable, s.fresh])).toEqual([
      ['a', 'idle', true, false],
      ['c', 'idle', true, false],
    ]);
    expect(pool.server('b')).toBeUndefined();
    expect(pool.status().map((s) => [s.name, s.kind, s.state, s.toolCount])).toEqual([
      ['a', 'stdio', 'idle', 0],
      ['c', 'stdio', 'idle', 0],
    ]);
    expect(pool.status('c')?.name).toBe('c');
    expect(pool.status('b')).toBeUndefined();
  });

  it('names a server that is not in the pool, and sends nothing to one that is not ready', async () => {
    const { pool, config } = poolOf({ a: fixtureEntry() });
    await pool.apply(config.servers);
    const error: unknown = await pool.call('nope', 'echo', { text: 'x' }).catch((e: unknown) => e);
    expect(isGatewayError(error, 'SERVER_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain("server 'nope'");
    await expect(pool.read('nope', { uri: 'x://y' })).rejects.toThrow(/server 'nope'/);
    expect(pool.leasePipe('nope')).toBeUndefined();
    expect(pool.describeExit('nope')).toBeUndefined();
    pool.notify('nope', { method: 'notifications/roots/list_changed' });
    // Not started: an unsubscribe neither starts the server nor waits for it.
    await pool.unsubscribe('a', 'x://y');
    expect(pool.status('a')?.state).toBe('idle');
  });

  it('tells listeners of state and list changes, carries calls, and leases the pipe of a ready stdio server', async () => {
    const { pool, config } = poolOf({ a: fixtureEntry() });
    const states: UpstreamState[] = [];
    const changed: string[] = [];
    const offState = pool.events.on('state', (server, state) => states.push(state));
    pool.events.on('changed', (server, what) => changed.push(`${server}:${what}`));
    await pool.apply(config.servers);
    pool.run();
    await pool.ready('a');
    expect(states).toEqual(['starting', 'ready']);
    expect(changed).toContain('a:tools');
    const status = pool.status('a');
    expect(status?.state).toBe('ready');
    expect(status?.toolCount).toBe(pool.server('a')?.snapshot.tools.length);
    expect(status?.toolCount).toBeGreaterThan(0);
    expect(await pool.call('a', 'echo', { text: 'through the pool' })).toMatchObject({ content: [{ type: 'text', text: 'through the pool' }] });
    const lease = pool.leasePipe('a');
    expect(lease?.timeoutMs).toBe(config.servers[0]?.timeout);
    lease?.release();
    offState();
    await pool.close();
    expect(states).toEqual(['starting', 'ready']);
    expect(pool.servers()).toEqual([]);
  });
});
