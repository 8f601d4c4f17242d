// A gateway kept out of its own config: the entry `gw install` writes is skipped by `gw import`, flagged by `gw doctor`,
// and a gateway started by an entry of its own config refuses to serve instead of starting gateways without end.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, GW_BIN, runGw, tempDir, tempHome } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { listDescendants } from '../../src/upstream/process-tree.js';

describe('a gateway in its own config', () => {
  it('refuses to serve when started by an entry of that same config; the other servers work and the tree stays small', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { fx: fixtureEntry(), self: { command: process.execPath, args: [GW_BIN, 'serve', '--config', file] } } }));
    const gw = await startGateway(undefined, { configPath: file });
    await toolNames(gw.client, ['fx_echo']);
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'still here' } }))).toBe('still here');
    await waitFor(() => gw.stderr().includes('not serving'), 15_000);
    expect(gw.stderr()).toMatch(/\[self\].*started by a server entry of that same config/);
    await new Promise((r) => setTimeout(r, 1500));
    // The gateway, its fixture and at most one refusing child gateway at a time.
    expect(listDescendants(gw.pid).length).toBeLessThanOrEqual(3);
  });

  it('gw import skips the entry gw install wrote, and gw doctor warns about one', async () => {
    const home = tempHome();
    const config = path.join(home.dir, 'gateway.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { fx: fixtureEntry() } }));
    expect((await runGw(['install', 'cursor', '--config', config], { env: home.env })).code).toBe(0);
    const cursor = path.join(home.dir, '.cursor', 'mcp.json');
    const written = JSON.parse(readFileSync(cursor, 'utf8')) as { mcpServers: Record<string, unknown> };
    written.mcpServers.other = { command: 'node', args: ['other.js'] };
    mkdirSync(path.dirname(cursor), { recursive: true });
    writeFileSync(cursor, JSON.stringify(written));
    const imported = await runGw(['import', '--from', 'cursor', '--config', config], { env: home.env });
    expect(imported.stdout).toMatch(/skipped\s+gw: this entry runs fast-gateway itself/);
    expect(imported.stdout).toMatch(/added\s+other/);
    const saved = JSON.parse(readFileSync(config, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(saved.mcpServers).sort()).toEqual(['fx', 'other']);

    saved.mcpServers.nested = written.mcpServers.gw;
    writeFileSync(config, JSON.stringify(saved));
    const doctor = await runGw(['doctor', '--config', config], { env: home.env, timeout: 90_000 });
    expect(doctor.stdout + doctor.stderr).toMatch(/nested.*runs fast-gateway itself/);
  });
});
