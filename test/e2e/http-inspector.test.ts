// Checked by a client we did not write: the MCP Inspector CLI lists and calls tools through both stdio and HTTP mode.
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, GW_BIN, ROOT, runGw, writeConfig } from '../helpers/gw.js';
import { startHttpGateway } from '../helpers/http.js';

// The inspector's own CLI entry (the `mcp-inspector --cli` launcher of 0.15 cannot find its `commander` when hoisted).
const INSPECTOR = path.join(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build', 'index.js');
const CONFIG = { mcpServers: { fx: fixtureEntry() } };

async function inspector(args: string[]): Promise<unknown> {
  const r = await execa(process.execPath, [INSPECTOR, ...args], { cwd: ROOT, env: { GW_LOG_LEVEL: 'warn' }, reject: false, timeout: 30_000 });
  if (r.exitCode !== 0) throw new Error(`inspector exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(String(r.stdout));
}

describe('MCP Inspector CLI', () => {
  it('lists and calls tools through stdio mode', async () => {
    const config = writeConfig(CONFIG);
    const target = [process.execPath, GW_BIN, 'serve', '--config', config];
    // The inspector lists right after initialize; `gw tools` fills the tool-list cache the gateway answers that from.
    expect((await runGw(['tools', '--config', config])).code).toBe(0);
    const names = ((await inspector([...target, '--method', 'tools/list'])) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['search_tools', 'fx_echo', 'fx_add']));
    const result = await inspector([...target, '--method', 'tools/call', '--tool-name', 'fx_add', '--tool-arg', 'a=2', 'b=3']);
    expect(result).toMatchObject({ content: [{ type: 'text', text: '5' }] });
  });

  it('lists and calls tools through HTTP mode (Streamable HTTP and legacy SSE)', async () => {
    // Inspector 0.15's CLI cannot send an Authorization header, so this runs with --no-auth on loopback.
    const gw = await startHttpGateway(CONFIG, { auth: ['--no-auth'] });
    await expect.poll(async () => JSON.stringify(await (await fetch(gw.base + '/status')).json()), { timeout: 15_000 }).toMatch(/"state": ?"ready"/);
    for (const [url, transport] of [[`${gw.base}/mcp`, 'http'], [`${gw.base}/sse`, 'sse']] as const) {
      const listed = (await inspector([url, '--transport', transport, '--method', 'tools/list'])) as { tools: Array<{ name: string }> };
      expect(listed.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['fx_echo', 'fx_add']));
      const result = await inspector([url, '--transport', transport, '--method', 'tools/call', '--tool-name', 'fx_echo', '--tool-arg', `text=via ${transport}`]);
      expect(result).toMatchObject({ content: [{ type: 'text', text: `via ${transport}` }] });
    }
  });
});
