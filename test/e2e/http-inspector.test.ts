// Checked by a client we did not write: the MCP Inspector CLI lists and calls tools through both stdio and HTTP mode.
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, GW_BIN, ROOT, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { startHttpGateway, TOKEN } from '../helpers/http.js';

// The published launcher, as a user runs it: `mcp-inspector --cli [options] -- <command>`.
const INSPECTOR = path.join(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');
const CONFIG = { mcpServers: { fx: fixtureEntry() } };

// Runs the Inspector CLI: a URL goes first, a command last after `--` (so that the inspector does not take the
// gateway's own flags, such as --config, for its own); variadic options (--header, --tool-arg) end where the next flag starts.
async function inspector(options: string[], target: string[]): Promise<unknown> {
  const r = await execa(process.execPath, [INSPECTOR, '--cli', ...options, ...target], {
    cwd: ROOT,
    env: { GW_LOG_LEVEL: 'warn', HOME: tempDir('gw-inspector-home-') },
    reject: false,
    timeout: 60_000,
  });
  if (r.exitCode !== 0) throw new Error(`inspector exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(String(r.stdout));
}

describe('MCP Inspector CLI', () => {
  it('lists and calls tools through stdio mode', async () => {
    const config = writeConfig(CONFIG);
    const target = ['--', process.execPath, GW_BIN, 'serve', '--config', config];
    // The inspector lists right after initialize; `gw tools` fills the tool-list cache the gateway answers that from.
    expect((await runGw(['tools', '--config', config])).code).toBe(0);
    // --strict checks every tool schema for portability across clients and exits 6 on an error-severity problem.
    const names = ((await inspector(['--method', 'tools/list', '--strict'], target)) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['search_tools', 'fx_echo', 'fx_add']));
    const result = await inspector(['--method', 'tools/call', '--tool-name', 'fx_add', '--tool-arg', 'a=2', 'b=3'], target);
    expect(result).toMatchObject({ content: [{ type: 'text', text: '5' }] });
  });

  it('lists and calls tools through HTTP mode (Streamable HTTP and legacy SSE)', async () => {
    const gw = await startHttpGateway(CONFIG);
    await expect.poll(async () => JSON.stringify(await (await gw.fetch('/status')).json()), { timeout: 15_000 }).toMatch(/"state": ?"ready"/);
    const auth = ['--header', `Authorization: Bearer ${TOKEN}`];
    for (const [url, transport] of [[`${gw.base}/mcp`, 'http'], [`${gw.base}/sse`, 'sse']] as const) {
      const listed = (await inspector([url, '--transport', transport, '--method', 'tools/list', '--strict', ...auth], [])) as { tools: Array<{ name: string }> };
      expect(listed.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['fx_echo', 'fx_add']));
      const result = await inspector([url, '--transport', transport, '--method', 'tools/call', '--tool-name', 'fx_echo', ...auth, '--tool-arg', `text=via ${transport}`], []);
      expect(result).toMatchObject({ content: [{ type: 'text', text: `via ${transport}` }] });
    }
  });
});
