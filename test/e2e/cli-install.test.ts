// End-to-end: `gw install CLIENT` writes the gateway entry into each client's config under a temporary HOME.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from '../../src/version.js';
import { GW_BIN, runGw, tempDir, tempHome, writeConfig } from '../helpers/gw.js';

const home = tempHome;

// Where each client keeps its user config under `home` on this OS, and the key holding its servers.
function clientFile(client: string, home: string): { file: string; key: string } {
  const appData =
    process.platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : process.platform === 'win32'
        ? path.join(home, 'AppData')
        : path.join(home, '.config');
  switch (client) {
    case 'claude':
      return { file: path.join(appData, 'Claude', 'claude_desktop_config.json'), key: 'mcpServers' };
    case 'cursor':
      return { file: path.join(home, '.cursor', 'mcp.json'), key: 'mcpServers' };
    case 'vscode':
      return { file: path.join(appData, 'Code', 'User', 'mcp.json'), key: 'servers' };
    default:
      return { file: path.join(home, '.claude.json'), key: 'mcpServers' };
  }
}

describe.each(['claude', 'cursor', 'vscode', 'claude-code'])('gw install %s', (client) => {
  it('adds the entry, keeps everything else, backs up, and is idempotent', async () => {
    const { dir, env } = home();
    const config = writeConfig(
      { mcpServers: { a: { command: 'x' } }, groups: { dev: { servers: ['a'] } } },
      tempDir(),
    );
    const { file, key } = clientFile(client, dir);
    mkdirSync(path.dirname(file), { recursive: true });
    const original = `{\n  "theme": "dark",\n  "${key}": {\n    "other": {\n      "command": "keep-me"\n    }\n  },\n  "tail": [1, 2, 3]\n}\n`;
    writeFileSync(file, original, { mode: 0o600 });

    const r = await runGw(['install', client, '--group', 'dev', '--config', config], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`added "gw" in ${file} (backup: ${file}.bak)`);
    expect(readFileSync(file + '.bak', 'utf8')).toBe(original);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    const typed = client === 'vscode' || client === 'claude-code' ? { type: 'stdio' } : {};
    const entry = {
      ...typed,
      command: process.execPath,
      args: [GW_BIN, 'serve', '--config', config, '--group', 'dev'],
    };
    expect(after).toEqual({
      theme: 'dark',
      [key]: { other: { command: 'keep-me' }, gw: entry },
      tail: [1, 2, 3],
    });
    // Untouched text around the edit: the start of the file and the line with the unrelated array.
    expect(readFileSync(file, 'utf8')).toMatch(
      /^\{\n {2}"theme": "dark",\n[\s\S]*\n {2}"tail": \[1, 2, 3\]\n\}\n$/,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1))).toEqual({
      [key]: { gw: entry },
    });

    const text = readFileSync(file, 'utf8');
    const again = await runGw(['install', client, '--group', 'dev', '--config', config], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already installed: ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readFileSync(file + '.bak', 'utf8')).toBe(original);
  });
});

describe('gw install', () => {
  it('creates a missing client config with just the entry, under --name', async () => {
    const { dir, env } = home();
    const config = writeConfig({ mcpServers: {} }, tempDir());
    const r = await runGw(['install', 'cursor', '--name', 'gateway', '--config', config], { cwd: dir, env });
    expect(r.code).toBe(0);
    const file = path.join(dir, '.cursor', 'mcp.json');
    expect(r.stdout).toContain(`created "gateway" in ${file}`);
    expect(existsSync(file + '.bak')).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      mcpServers: { gateway: { command: process.execPath, args: [GW_BIN, 'serve', '--config', config] } },
    });
  });

  it('refuses to replace a different server of the same name unless --force, and keeps the first backup', async () => {
    const { dir, env } = home();
    const config = writeConfig({ mcpServers: {}, groups: { g: { servers: [] } } }, tempDir());
    const file = path.join(dir, '.claude.json');
    const original = JSON.stringify({ mcpServers: { gw: { command: 'uvx', args: ['my-other-gw-tool'] } } });
    writeFileSync(file, original);
    const refused = await runGw(['install', 'claude-code', '--config', config], { cwd: dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already has a server named "gw" that is not fast-gateway');
    expect(readFileSync(file, 'utf8')).toBe(original);
    const r = await runGw(['install', 'claude-code', '--config', config, '--force'], { cwd: dir, env });
    expect(r.stdout).toContain(`updated "gw" in ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers.gw.command).toBe(process.execPath);
    // Our own entry is updated without --force; the backup still holds the file as it was before gw touched it.
    const again = await runGw(['install', 'claude-code', '--config', config, '--group', 'g'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers.gw.args).toContain('g');
    expect(readFileSync(file + '.bak', 'utf8')).toBe(original);
  });

  it('--print shows the entry without writing; --npx uses the portable launcher', async () => {
    const { dir, env } = home();
    const config = writeConfig({ mcpServers: {} }, tempDir());
    const r = await runGw(['install', 'vscode', '--print', '--npx', '--config', config], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      servers: {
        gw: { type: 'stdio', command: 'npx', args: ['-y', PACKAGE_NAME, 'serve', '--config', config] },
      },
    });
    expect(r.stderr).toContain(`this entry belongs in ${clientFile('vscode', dir).file}`);
    expect(existsSync(clientFile('vscode', dir).file)).toBe(false);
  });

  it('refuses a broken client config, an unknown group and an unknown client', async () => {
    const { dir, env } = home();
    const config = writeConfig({ mcpServers: {} }, tempDir());
    const file = path.join(dir, '.cursor', 'mcp.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{\n  "mcpServers": {\n');
    const broken = await runGw(['install', 'cursor', '--config', config], { cwd: dir, env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/invalid JSON .* at line 3:1; gw left it unchanged/);
    expect(readFileSync(file, 'utf8')).toBe('{\n  "mcpServers": {\n');
    expect(existsSync(file + '.bak')).toBe(false);
    const group = await runGw(['install', 'claude', '--group', 'nope', '--config', config], {
      cwd: dir,
      env,
    });
    expect([group.code, group.stderr]).toEqual([1, expect.stringContaining('no group named "nope"')]);
    const client = await runGw(['install', 'emacs', '--config', config], { cwd: dir, env });
    expect([client.code, client.stderr]).toEqual([2, expect.stringContaining('unknown client "emacs"')]);
  });
});
