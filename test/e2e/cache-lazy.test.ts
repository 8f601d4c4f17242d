// Instant start: the tool-list cache answers the first tools/list while upstreams start; lazy servers start on first call and stop when idle.
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/upstream/process-tree.js';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';

const fixtureProcesses = (pid: number, tree: () => number[]) => tree().filter((p) => p !== pid);

describe('tool-list cache', () => {
  it('answers the first tools/list of a later run from the cache, and a call waits for the still-starting upstream', async () => {
    const config = { mcpServers: { slow: fixtureEntry('fixture.ts', { FIXTURE_START_DELAY: '2500' }) } };
    const configPath = writeConfig(config, tempDir());
    const first = await startGateway(config, { configPath });
    await toolNames(first.client, ['slow_echo'], 20_000);
    await first.close();

    const second = await startGateway(config, { configPath });
    const started = Date.now();
    const names = (await second.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('slow_echo');
    // The upstream sleeps 2.5 s before it can answer; the list above came from the cache.
    expect(Date.now() - started).toBeLessThan(2500);
    const echo = await second.client.callTool({ name: 'slow_echo', arguments: { text: 'waited' } });
    expect(textOf(echo)).toBe('waited');
  });

  it('does not use a cache taken with other connection settings', async () => {
    const dir = tempDir();
    const first = await startGateway({ mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_TOOLS: 'old_one' }) } }, { configPath: writeConfig({ mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_TOOLS: 'old_one' }) } }, dir) });
    await toolNames(first.client, ['fx_old_one']);
    await first.close();
    const config = { mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_TOOLS: 'new_one', FIXTURE_START_DELAY: '1500' }) } };
    const second = await startGateway(config, { configPath: writeConfig(config, dir) });
    expect((await second.client.listTools()).tools.map((t) => t.name)).not.toContain('fx_old_one');
    await toolNames(second.client, ['fx_new_one']);
  });
});

describe('lazy servers', () => {
  it('starts a lazy server on its first call, lists it from the cache meanwhile, and stops it after the idle period', async () => {
    const dir = tempDir();
    const eager = { mcpServers: { lz: fixtureEntry('fixture.ts', {}, { lazy: true, idleTimeout: 1500 }) } };
    const configPath = writeConfig(eager, dir);
    // A first run fills the cache (a lazy server with no cache is listed once it has been started).
    const warm = await startGateway(eager, { configPath });
    expect(textOf(await warm.client.callTool({ name: 'lz_echo', arguments: { text: 'warm' } }))).toBe('warm');
    await warm.close();

    const gw = await startGateway(eager, { configPath });
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('lz_echo');
    await new Promise((r) => setTimeout(r, 800));
    expect(fixtureProcesses(gw.pid, gw.tree)).toEqual([]);
    const result = await gw.client.callTool({ name: 'lz_pid', arguments: {} });
    // The process that answered (its idle period starts with that answer) is stopped once the period has passed.
    const pid = (JSON.parse(textOf(result)) as { pid: number }).pid;
    await waitFor(() => !isAlive(pid), 10_000);
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('lz_echo');
    expect(textOf(await gw.client.callTool({ name: 'lz_echo', arguments: { text: 'again' } }))).toBe('again');
  });
});
