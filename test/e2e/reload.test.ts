// Live reload: `gw serve` applies edits to gateway.json (by hand or by `gw`) without a restart, touching only what changed.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/upstream/process-tree.js';
import { fixtureEntry, runGw } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';

type ConfigDoc = { mcpServers: Record<string, { env: Record<string, string> }> };

function edit(file: string, change: (doc: ConfigDoc) => void): void {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as ConfigDoc;
  change(doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
}

async function pidOf(client: Client, tool: string): Promise<number> {
  return (JSON.parse(textOf(await client.callTool({ name: tool, arguments: {} }))) as { pid: number }).pid;
}

describe('live reload', () => {
  it('adds a server written by `gw add`, announces list_changed, and the new tools are callable', async () => {
    const gw = await startGateway({ mcpServers: { a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }) } });
    await toolNames(gw.client, ['a_echo']);
    let changed = 0;
    gw.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    const entry = fixtureEntry('fixture.ts', { FIXTURE_NAME: 'b' });
    const add = await runGw(['add', 'b', '--config', gw.configPath, '--env', 'FIXTURE_NAME=b', '--', entry.command, ...entry.args]);
    expect(add.code).toBe(0);
    await toolNames(gw.client, ['b_echo']);
    await waitFor(() => changed > 0);
    const result = await gw.client.callTool({ name: 'b_echo', arguments: { text: 'new' } });
    expect(textOf(result)).toBe('new');
  });

  it('stops a removed server (its process tree is gone) and keeps unchanged servers running untouched', async () => {
    const gw = await startGateway({
      mcpServers: { a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }), b: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'b', FIXTURE_MODE: 'grandchild' }) },
    });
    await toolNames(gw.client, ['a_pid', 'b_pid']);
    const aPid = await pidOf(gw.client, 'a_pid');
    const bPid = await pidOf(gw.client, 'b_pid');
    const bTree = gw.tree().filter((p) => p !== gw.pid && p !== aPid);
    expect(bTree.length).toBeGreaterThanOrEqual(2);
    const slow = gw.client.callTool({ name: 'a_sleep', arguments: { ms: 1500 } });
    const removed = await runGw(['remove', 'b', '--config', gw.configPath]);
    expect(removed.code).toBe(0);
    await waitFor(async () => !(await gw.client.listTools()).tools.some((t) => t.name === 'b_echo'));
    await waitFor(() => bTree.every((p) => !isAlive(p)), 8000);
    expect(isAlive(bPid)).toBe(false);
    expect(textOf(await slow)).toBe('slept 1500');
    expect(await pidOf(gw.client, 'a_pid')).toBe(aPid);
  });

  it('re-applies rules without restarting the server, and restarts a server whose command changed', async () => {
    const gw = await startGateway({ mcpServers: { a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }) } });
    await toolNames(gw.client, ['a_echo', 'a_crash']);
    const before = await pidOf(gw.client, 'a_pid');
    expect((await runGw(['deny', 'a', 'crash', '--config', gw.configPath])).code).toBe(0);
    await waitFor(async () => !(await gw.client.listTools()).tools.some((t) => t.name === 'a_crash'));
    expect(await pidOf(gw.client, 'a_pid')).toBe(before);
    edit(gw.configPath, (doc) => (doc.mcpServers.a!.env.FIXTURE_TOOLS = 'fresh'));
    await toolNames(gw.client, ['a_fresh']);
    expect(await pidOf(gw.client, 'a_pid')).not.toBe(before);
    await waitFor(() => !isAlive(before), 8000);
  });

  it('ignores an invalid edit, keeps serving the last good configuration, and logs the error with line:column', async () => {
    const gw = await startGateway({ mcpServers: { a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }) } });
    await toolNames(gw.client, ['a_echo']);
    writeFileSync(gw.configPath, readFileSync(gw.configPath, 'utf8').replace('"mcpServers"', '"mcpServers",'));
    await waitFor(() => /config change ignored/.test(gw.stderr()));
    expect(gw.stderr()).toMatch(/line \d+:\d+/);
    const result = await gw.client.callTool({ name: 'a_echo', arguments: { text: 'still here' } });
    expect(textOf(result)).toBe('still here');
    writeFileSync(gw.configPath, JSON.stringify({ mcpServers: { a: { ...fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }), comand: 'x' } } }));
    await waitFor(() => /comand/.test(gw.stderr()));
    expect((await gw.client.listTools()).tools.some((t) => t.name === 'a_echo')).toBe(true);
  });

  it('disabling a server hides its tools and stops it; enabling brings it back', async () => {
    const gw = await startGateway({ mcpServers: { a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }), b: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'b' }) } });
    await toolNames(gw.client, ['a_echo', 'b_echo']);
    const bPid = await pidOf(gw.client, 'b_pid');
    expect((await runGw(['disable', 'b', '--config', gw.configPath])).code).toBe(0);
    await waitFor(async () => !(await gw.client.listTools()).tools.some((t) => t.name.startsWith('b_')));
    await waitFor(() => !isAlive(bPid), 8000);
    expect((await runGw(['enable', 'b', '--config', gw.configPath])).code).toBe(0);
    await toolNames(gw.client, ['b_echo']);
  });
});
