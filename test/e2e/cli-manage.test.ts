// End-to-end: `gw remove`, `enable`, `disable`, `list`, and a hand-broken gateway.json, through the compiled binary.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGw, tempDir, writeConfig } from '../helpers/gw.js';

type Entry = Record<string, unknown>;
const read = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as {
    mcpServers: Record<string, Entry>;
    groups?: Record<string, Entry>;
  };

describe('gw remove, enable, disable', () => {
  it('removes a server and its group memberships', async () => {
    const file = writeConfig({
      mcpServers: { a: { command: 'x' }, b: { command: 'y' } },
      groups: { dev: { servers: ['a', 'b'] } },
    });
    const r = await runGw(['remove', 'a', '--config', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('also removed it from group: dev');
    expect(read(file)).toEqual({ mcpServers: { b: { command: 'y' } }, groups: { dev: { servers: ['b'] } } });
  });

  it('fails with exit 1 naming the unknown server and the known ones', async () => {
    const file = writeConfig({ mcpServers: { a: { command: 'x' } } });
    const before = readFileSync(file, 'utf8');
    for (const cmd of ['remove', 'enable', 'disable']) {
      const r = await runGw([cmd, 'ghost', '--config', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('gw: no server named "ghost"');
      expect(r.stderr).toContain('(known: a)');
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    // The commands that only look at servers answer the same way (exit 1, not a usage error).
    for (const args of [['test', 'ghost'], ['tools', '--server', 'ghost'], ['restart', 'ghost']]) {
      const r = await runGw([...args, '--config', file]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/unknown server 'ghost' \(configured: a\)/);
    }
  });

  it('says when --server names a server the --group leaves out, or one that is disabled', async () => {
    const file = writeConfig({
      mcpServers: { a: { command: 'x' }, b: { command: 'y' }, off: { command: 'z', disabled: true } },
      groups: { dev: { servers: ['a'] } },
    });
    const outside = await runGw(['tools', '--group', 'dev', '--server', 'b', '--config', file]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("server 'b' is not in group 'dev' (its servers: a); `gw group add dev b` adds it");
    const disabled = await runGw(['tools', '--server', 'off', '--config', file]);
    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toContain("server 'off' is disabled; `gw enable off` turns it on");
  });

  it('disables and enables, editing the existing key and saying when nothing changed', async () => {
    const file = writeConfig({
      mcpServers: { a: { command: 'x' }, cline: { command: 'y', disabled: true } },
    });
    expect((await runGw(['disable', 'a', '--config', file])).stdout).toContain('disabled a');
    expect(read(file).mcpServers.a).toEqual({ command: 'x', enabled: false });
    expect((await runGw(['disable', 'a', '--config', file])).stdout).toContain('a is already disabled');
    expect((await runGw(['enable', 'a', '--config', file])).code).toBe(0);
    expect(read(file).mcpServers.a).toEqual({ command: 'x', enabled: true });
    await runGw(['enable', 'cline', '--config', file]);
    expect(read(file).mcpServers.cline).toEqual({ command: 'y', disabled: false });
  });

  it('errors with the lookup locations when no config exists', async () => {
    const dir = tempDir();
    const r = await runGw(['remove', 'a'], {
      cwd: dir,
      env: { GW_CONFIG: undefined, XDG_CONFIG_HOME: path.join(dir, 'xdg') },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no gateway.json found');
  });
});

describe('gw list', () => {
  const config = {
    mcpServers: {
      github: {
        command: 'npx',
        args: ['-y', 'server-github'],
        env: { TOKEN: 'secret' },
        deny: ['delete_*', 'admin_*'],
      },
      docs: { url: 'https://example.com/mcp', allow: ['read_*'], enabled: false },
    },
  };

  it('prints a table of name, kind, enabled, rule counts and command or URL', async () => {
    const r = await runGw(['list', '--config', writeConfig(config)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+KIND\s+ENABLED\s+ALLOW\s+DENY\s+COMMAND \/ URL$/);
    expect(lines[1]).toMatch(/^github\s+stdio\s+yes\s+0\s+2\s+npx -y server-github$/);
    expect(lines[2]).toMatch(/^docs\s+http\s+no\s+1\s+0\s+https:\/\/example\.com\/mcp$/);
  });

  it('prints JSON with --json (env and header names only, never values)', async () => {
    const r = await runGw(['list', '--json', '--config', writeConfig(config)]);
    expect(r.code).toBe(0);
    const servers = JSON.parse(r.stdout);
    expect(servers.map((s: { name: string }) => s.name)).toEqual(['github', 'docs']);
    expect(servers[0]).toMatchObject({
      kind: 'stdio',
      enabled: true,
      command: 'npx',
      args: ['-y', 'server-github'],
      env: ['TOKEN'],
      deny: ['delete_*', 'admin_*'],
    });
    expect(servers[1]).toMatchObject({
      kind: 'http',
      enabled: false,
      url: 'https://example.com/mcp',
      allow: ['read_*'],
    });
    expect(r.stdout).not.toContain('secret');
  });

  it('reports an invalid file with line:column and exit 1', async () => {
    const file = writeConfig('{\n  "mcpServers": {\n    "a": { "comand": "x" }\n  }\n}\n');
    const r = await runGw(['list', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mcpServers\.a\.comand is not a known key.*\(line 3:12\)/);
  });
});

describe('a hand-broken gateway.json', () => {
  it('is left byte-for-byte untouched by every writing command', async () => {
    const dir = tempDir();
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x", },\n  }\n}\n';
    const file = writeConfig(broken, dir);
    const commands = [
      ['add', 'b', '--', 'y'],
      ['remove', 'a'],
      ['disable', 'a'],
      ['deny', 'a', 'x_*'],
      ['group', 'create', 'dev'],
    ];
    for (const args of commands) {
      // --config goes first: anything after `--` belongs to the server's command line.
      const r = await runGw(['--config', file, ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/invalid JSON: .* \(line 3:28\)/);
      expect(r.stderr).toContain('left the file unchanged');
    }
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });
});
