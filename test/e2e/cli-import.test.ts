// End-to-end: `gw import` copies client server entries into gateway.json, from a file or a client's standard location.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGw, tempDir, tempHome, writeConfig } from '../helpers/gw.js';

type Entry = Record<string, unknown>;
const read = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as {
    mcpServers: Record<string, Entry>;
    groups?: Record<string, Entry>;
  };

const home = tempHome;

describe('gw import FILE', () => {
  it('adds new entries, skips existing ones, renames invalid names and drops client-only keys', async () => {
    const { dir, env } = home();
    const source = path.join(dir, 'cline.json');
    writeFileSync(
      source,
      JSON.stringify({
        mcpServers: {
          github: {
            command: 'npx',
            args: ['-y', 'server-github'],
            env: { PORT: 8080 },
            autoApprove: ['list'],
            disabled: false,
          },
          existing: { command: 'other' },
          my_tools: { type: 'http', url: 'https://example.com/mcp' },
          broken: { args: ['no command'] },
        },
      }),
    );
    const file = writeConfig({ mcpServers: { existing: { command: 'mine' } } }, tempDir());
    const r = await runGw(['import', source, '--config', file], { cwd: dir, env });
    expect(r.code).toBe(1); // one entry could not be imported
    expect(r.stdout).toMatch(/^added\s+github$/m);
    expect(r.stdout).toContain('dropped keys gw does not use: autoApprove');
    expect(r.stdout).toMatch(/^skipped\s+existing: a server with this name exists; pass --force/m);
    expect(r.stdout).toMatch(/^added\s+my-tools \(renamed from "my_tools"\)$/m);
    expect(r.stdout).toMatch(/^invalid\s+broken: .*needs "command"/m);
    expect(r.stdout).toContain(`imported 2 of 4 servers into ${file}`);
    expect(read(file).mcpServers).toEqual({
      existing: { command: 'mine' },
      github: { command: 'npx', args: ['-y', 'server-github'], env: { PORT: '8080' }, disabled: false },
      'my-tools': { type: 'http', url: 'https://example.com/mcp' },
    });
  });

  it('replaces existing entries with --force and reports unchanged ones, as --json', async () => {
    const { dir, env } = home();
    const source = path.join(dir, 'mcp.json');
    writeFileSync(source, JSON.stringify({ mcpServers: { a: { command: 'new' }, b: { command: 'same' } } }));
    const file = writeConfig({ mcpServers: { a: { command: 'old' }, b: { command: 'same' } } }, tempDir());
    const r = await runGw(['import', source, '--force', '--json', '--config', file], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'a', from: source, status: 'replaced' },
      { name: 'b', from: source, status: 'unchanged', reason: 'already in gateway.json' },
    ]);
    expect(read(file).mcpServers).toEqual({ a: { command: 'new' }, b: { command: 'same' } });
  });

  it("reads VS Code's JSONC `servers` map", async () => {
    const { dir, env } = home();
    const source = path.join(dir, 'mcp.json');
    writeFileSync(
      source,
      '{\n  // my servers\n  "inputs": [],\n  "servers": {\n    "fs": { "type": "stdio", "command": "node", "args": ["fs.js"], "envFile": ".env", },\n  },\n}\n',
    );
    const file = path.join(dir, 'gw', 'gateway.json');
    const r = await runGw(['import', source, '--config', file], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dropped keys gw does not use: envFile');
    expect(read(file)).toEqual({ mcpServers: { fs: { type: 'stdio', command: 'node', args: ['fs.js'] } } });
  });

  it('fails clearly on a file without servers or with broken JSON', async () => {
    const { dir, env } = home();
    const none = path.join(dir, 'none.json');
    writeFileSync(none, '{"other": 1}');
    const file = path.join(dir, 'gateway.json');
    const r = await runGw(['import', none, '--config', file], { cwd: dir, env });
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('has no "mcpServers"')]);
    writeFileSync(none, '{\n  "mcpServers": {\n    "a": \n  }\n}');
    const broken = await runGw(['import', none, '--config', file], { cwd: dir, env });
    expect([broken.code, broken.stderr]).toEqual([
      1,
      expect.stringMatching(/invalid JSON \(ValueExpected\) at line 4:3/),
    ]);
    const usage = await runGw(['import', '--config', file], { cwd: dir, env });
    expect(usage.code).toBe(2);
  });
});

describe('gw import --from', () => {
  it('reads Claude Desktop from its standard location under HOME', async () => {
    const { dir, env } = home();
    const claudeDir =
      process.platform === 'darwin'
        ? path.join(dir, 'Library', 'Application Support', 'Claude')
        : path.join(dir, '.config', 'Claude');
    mkdirSync(claudeDir, { recursive: true });
    writeFileSync(
      path.join(claudeDir, 'claude_desktop_config.json'),
      JSON.stringify({
        mcpServers: { memory: { command: 'npx', args: ['-y', 'server-memory'] } },
        globalShortcut: 'x',
      }),
    );
    const file = path.join(dir, 'gateway.json');
    const r = await runGw(['import', '--from', 'claude', '--config', file], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^added\s+memory$/m);
    expect(read(file)).toEqual({ mcpServers: { memory: { command: 'npx', args: ['-y', 'server-memory'] } } });
  });

  it("reads Claude Code's ~/.claude.json and the project .mcp.json", async () => {
    const { dir, env } = home();
    writeFileSync(
      path.join(dir, '.claude.json'),
      JSON.stringify({ numStartups: 3, mcpServers: { user: { type: 'stdio', command: 'u' } } }),
    );
    const project = tempDir();
    writeFileSync(
      path.join(project, '.mcp.json'),
      JSON.stringify({ mcpServers: { proj: { type: 'http', url: 'https://x.test/mcp' } } }),
    );
    const file = path.join(dir, 'gateway.json');
    const r = await runGw(['import', '--from', 'claude-code', '--config', file], { cwd: project, env });
    expect(r.code).toBe(0);
    expect(Object.keys(read(file).mcpServers)).toEqual(['user', 'proj']);
  });

  it('says where it looked when the client has no config, and rejects unknown clients', async () => {
    const { dir, env } = home();
    const file = path.join(dir, 'gateway.json');
    const r = await runGw(['import', '--from', 'cursor', '--config', file], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `no cursor config found; looked in:\n  ${path.join(dir, '.cursor', 'mcp.json')}`,
    );
    const bad = await runGw(['import', '--from', 'emacs', '--config', file], { cwd: dir, env });
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringContaining('--from must be one of claude, claude-code, cursor, vscode, gemini, codex'),
    ]);
  });
});
