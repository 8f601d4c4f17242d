// HTTP mode shares stdio mode's lifecycle: live reload from `gw` edits, status files, and a shutdown that leaves no process behind.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, listDescendants } from '../../src/upstream/process-tree.js';
import { fixtureEntry, runGw } from '../helpers/gw.js';
import { toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway } from '../helpers/http.js';

describe('gw serve --http: lifecycle', () => {
  it('reloads on `gw deny`, publishes its status as mode http, and on SIGTERM exits with every upstream gone', async () => {
    const gw = await startHttpGateway({ mcpServers: { fx: fixtureEntry(), other: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'other' }) } });
    let changed = 0;
    const client = await gw.connect('/mcp', { onToolsChanged: () => changed++ });
    await toolNames(client, ['fx_echo', 'other_echo']);
    const before = changed;
    expect((await runGw(['deny', 'fx', 'echo', '--config', gw.configPath])).code).toBe(0);
    await waitFor(async () => !(await client.listTools()).tools.some((t) => t.name === 'fx_echo'));
    await waitFor(() => changed > before);

    const status = await runGw(['status', '--json', '--config', gw.configPath]);
    expect(JSON.parse(status.stdout).gateways).toEqual([expect.objectContaining({ pid: gw.pid, mode: 'http' })]);
    const statusFile = path.join(path.dirname(gw.configPath), '.fast-gateway', 'status', `${gw.pid}.json`);
    expect(existsSync(statusFile)).toBe(true);

    const tree = listDescendants(gw.pid);
    expect(tree.length).toBeGreaterThanOrEqual(2);
    process.kill(gw.pid, 'SIGTERM');
    const result = await gw.proc;
    expect(result.exitCode).toBe(0);
    await waitFor(() => tree.every((pid) => !isAlive(pid)), 5000);
    expect(existsSync(statusFile)).toBe(false);
  });
});
