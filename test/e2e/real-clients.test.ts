// End-to-end with the real clients: what `gw install` writes into a throwaway HOME is read, and connected to, by
// Qwen Code (a devDependency) and, when their binaries are found, Gemini CLI, Codex, opencode and Claude Code
// (install them anywhere and point $GW_CLIENTS_BIN at their bin directory). None of them needs a login for this.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT, runGw, tempHome, writeConfig } from '../helpers/gw.js';
import { startHttpGateway, TOKEN } from '../helpers/http.js';

interface RealClient {
  client: string;
  bin: string;
  list: string[];
  // What the listing says for a server it reached (Codex only lists, it does not connect).
  connected: RegExp;
  prepare?: (home: string) => void;
}

const REAL: RealClient[] = [
  { client: 'qwen', bin: 'qwen', list: ['mcp', 'list'], connected: /gw: .* - Connected/ },
  {
    client: 'gemini',
    bin: 'gemini',
    list: ['mcp', 'list'],
    connected: /gw: .* - Connected/,
    // Gemini CLI disables every server in a folder the user has not trusted.
    prepare: (home) => writeFileSync(path.join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [home]: 'TRUST_FOLDER' })),
  },
  { client: 'codex', bin: 'codex', list: ['mcp', 'list'], connected: /^gw\s+.*enabled/m },
  { client: 'opencode', bin: 'opencode', list: ['mcp', 'list'], connected: /gw\W+connected/ },
  { client: 'claude-code', bin: 'claude', list: ['mcp', 'get', 'gw'], connected: /Status: ✔ Connected/ },
];

function findBin(bin: string): string | undefined {
  const dirs = [path.join(ROOT, 'node_modules', '.bin'), ...(process.env.GW_CLIENTS_BIN ? [process.env.GW_CLIENTS_BIN] : [])];
  return dirs.map((dir) => path.join(dir, bin)).find((file) => existsSync(file));
}

async function listWith(bin: string, args: string[], home: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await execa(bin, args, {
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home, CI: '1', NO_COLOR: '1', ...extra },
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: 90_000,
  });
  return stripVTControlCharacters(`${String(r.stdout)}\n${String(r.stderr)}`);
}

describe.each(REAL)('real client: $client', (c) => {
  it('reads and connects to the stdio entry and the --http entry gw install wrote', { timeout: 240_000 }, async (ctx) => {
    const bin = findBin(c.bin);
    if (!bin) return ctx.skip(`${c.bin} not installed (install it anywhere and set GW_CLIENTS_BIN to its bin directory)`);
    const { dir, env } = tempHome();
    const run = (args: string[]) => runGw(args, { cwd: dir, env: { ...env, XDG_CONFIG_HOME: undefined, APPDATA: undefined } });
    const config = writeConfig({ mcpServers: {} });
    const stdio = await run(['install', c.client, '--config', config]);
    expect(stdio.code, stdio.stderr).toBe(0);
    if (c.prepare) {
      mkdirSync(path.join(dir, '.gemini'), { recursive: true });
      c.prepare(dir);
    }
    const listed = await listWith(bin, c.list, dir);
    expect(listed).toContain(config);
    expect(listed).toMatch(c.connected);

    const gateway = await startHttpGateway({ mcpServers: {} });
    const http = await run(['install', c.client, '--http', `${gateway.base}/mcp`]);
    expect(http.code, http.stderr).toBe(0);
    const remote = await listWith(bin, c.list, dir, { GW_TOKEN: TOKEN });
    expect(remote).toContain(`${gateway.base}/mcp`);
    expect(remote).toMatch(c.connected);
    if (c.client !== 'codex') {
      // The token really comes from $GW_TOKEN: with a wrong one the same entry cannot connect.
      const refused = await listWith(bin, c.list, dir, { GW_TOKEN: 'wrong-token' });
      expect(refused).not.toMatch(c.connected);
    }
  });
});
