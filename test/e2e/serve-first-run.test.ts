// A first listing without a cache: it waits about a second at most for servers still starting, never for one that has
// failed to start (in this run or in the last), says which servers are still starting, and the rest arrives with
// list_changed.
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, tempDir } from '../helpers/gw.js';
import { startGateway, waitFor } from '../helpers/gateway.js';
import { isAlive } from '../../src/upstream/process-tree.js';
import path from 'node:path';
import { writeFileSync } from 'node:fs';

describe('first run without a cache', () => {
  it('answers the first tools/list without a server that needs seconds to start, which then arrives with list_changed', async () => {
    let changed = 0;
    const gw = await startGateway(
      { mcpServers: { late: fixtureEntry('fixture.ts', { FIXTURE_START_DELAY: '4000' }) } },
      { prepare: (c) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++) },
    );
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('late_echo');
    expect(gw.stderr()).toMatch(/first listing waits \(at most 1000 ms\) for: late/);
    const search = await gw.client.callTool({ name: 'search_tools', arguments: { query: 'echo' } });
    const result = search.structuredContent as { results: Array<{ name: string }>; starting?: string[]; note?: string };
    expect(result.starting).toEqual(['late']);
    expect(result.note).toContain('still starting');
    await waitFor(() => changed > 0, 20_000);
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('late_echo');
  });

  it('does not wait for a server that already failed in this run', async () => {
    const gw = await startGateway({
      mcpServers: {
        broken: { command: 'definitely-not-a-command-gw-test' },
        late: fixtureEntry('fixture.ts', { FIXTURE_START_DELAY: '4000' }),
      },
    });
    await waitFor(() => /\[broken\].*(unavailable|failed)/.test(gw.stderr()));
    await gw.client.listTools();
    const line = await waitFor(() => /first listing waits[^\n]*/.exec(gw.stderr())?.[0]);
    expect(line).toContain('late');
    expect(line).not.toContain('broken');
  });

  it('remembers beside the tool cache a server that failed to start, and does not wait for it on the next run', async () => {
    const dir = tempDir();
    const configPath = path.join(dir, 'gateway.json');
    const config = {
      mcpServers: {
        // Never answers initialize: it stays "starting" until its timeout.
        stuck: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'hang' }, { timeout: 1500 }),
        late: fixtureEntry('fixture.ts', { FIXTURE_START_DELAY: '4000' }),
      },
    };
    writeFileSync(configPath, JSON.stringify(config));
    const first = await startGateway(config, { configPath });
    await waitFor(() => /\[stuck\].*(unavailable|failed)/.test(first.stderr()), 20_000);
    await first.close();
    // The cache (with the failure) is written when the gateway shuts down.
    await waitFor(() => !isAlive(first.pid), 20_000);

    const second = await startGateway(config, { configPath });
    await second.client.listTools();
    const line = await waitFor(() => /first listing waits[^\n]*/.exec(second.stderr())?.[0]);
    expect(line).toContain('late');
    expect(line).not.toContain('stuck');
  });
});
