// What a client is told at initialize (the gateway's own first line, then each server's instructions; serverInfo with a
// title) and what gateway://status says of a server whose tools are served from the cache while it starts.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/upstream/process-tree.js';
import { fixtureEntry, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, toolNames, waitFor, type GatewayHandle } from '../helpers/gateway.js';

interface Report {
  servers: Array<{ name: string; state: string; detail?: string; cachedAt?: string }>;
}

async function stop(gw: GatewayHandle): Promise<void> {
  await gw.close();
  // The tool-list cache is flushed as the gateway exits.
  await waitFor(() => !isAlive(gw.pid), 10_000);
}

async function readStatus(gw: GatewayHandle): Promise<Report> {
  const read = await gw.client.readResource({ uri: 'gateway://status' });
  return JSON.parse((read.contents[0] as { text: string }).text) as Report;
}

describe('instructions and serverInfo', () => {
  it('starts with one line of its own, then each server under its name; serverInfo has a title and description', async () => {
    const config = {
      mcpServers: {
        alpha: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'alpha', FIXTURE_INSTRUCTIONS: 'Alpha does things.' }),
        beta: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'beta' }),
      },
    };
    const configPath = writeConfig(config, tempDir());
    // First run: nothing is known yet at initialize.
    const first = await startGateway(config, { configPath });
    expect(first.client.getInstructions()).toMatch(/^fast-gateway: one MCP server in front of 2 servers \(tools still loading\)\. search_tools finds a tool by describing the task/);
    expect(first.client.getServerVersion()).toMatchObject({ name: 'fast-gateway', title: 'fast-gateway', description: expect.stringContaining('MCP gateway') });
    const tools = await toolNames(first.client, ['alpha_echo', 'beta_echo']);
    await stop(first);

    const second = await startGateway(config, { configPath });
    const [line, ...rest] = (second.client.getInstructions() ?? '').split('\n\n');
    expect(line).toBe(
      `fast-gateway: one MCP server in front of 2 servers (${tools.length - 2} tools). search_tools finds a tool by describing the task; describe_tool shows a tool's parameters.`,
    );
    // Only servers with instructions get a section; the first one is no longer the gateway's heading.
    expect(rest).toEqual(['## alpha\nAlpha does things.']);
    await stop(second);

    const search = await startGateway(config, { configPath, args: ['--tools', 'search'] });
    expect(search.client.getInstructions()).toMatch(/^fast-gateway: .*Their tools are not listed: search_tools finds a tool by describing the task, describe_tool shows its parameters and invoke_tool calls it\./);
  });
});

describe('status while cached tools are served', () => {
  it('says "starting (cached tools served, …)" until the server is ready', async () => {
    const dir = tempDir();
    const gate = path.join(dir, 'ready-to-start');
    writeFileSync(gate, '');
    const config = { mcpServers: { slow: fixtureEntry('fixture.ts', { FIXTURE_WAIT_FOR_FILE: gate }) } };
    const configPath = writeConfig(config, dir);
    const first = await startGateway(config, { configPath });
    await toolNames(first.client, ['slow_echo']);
    await stop(first);

    rmSync(gate);
    const gw = await startGateway(config, { configPath });
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('slow_echo');
    const starting = await readStatus(gw);
    expect(starting.servers[0]).toMatchObject({ name: 'slow', state: 'starting', detail: expect.stringMatching(/^starting \(cached tools served, cache \d+ s old\)$/) });
    expect(Date.parse(starting.servers[0]?.cachedAt ?? '')).toBeLessThanOrEqual(Date.now());
    const table = await runGw(['status', '--config', configPath]);
    expect(table.stdout).toMatch(/slow\s+starting \(cached tools served/);

    writeFileSync(gate, '');
    const ready = await waitFor(async () => {
      const report = await readStatus(gw);
      return report.servers[0]?.state === 'ready' ? report : undefined;
    }, 20_000);
    expect(ready.servers[0]?.detail).toBeUndefined();
    expect(ready.servers[0]?.cachedAt).toBeUndefined();
  });
});
