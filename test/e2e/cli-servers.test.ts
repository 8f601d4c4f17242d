// End-to-end: `gw add` (stdio, remote, duplicates, bad input, lookup, 20 concurrent writers) through the compiled binary.
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

describe('gw add', () => {
  it('keeps option values that look like numbers exactly as written (000123, 0x10, 1e3)', async () => {
    const file = path.join(tempDir(), 'gateway.json');
    expect((await runGw(['add', '007', '--config', file, '--description', '000123', '--cwd', '0010', '--', 'node', 's.js'])).code).toBe(0);
    expect((await runGw(['add', '1e3', '--config', file, '--', 'node', 's.js'])).code).toBe(0);
    const group = await runGw(['group', 'create', '0x10', '--config', file, '--servers', '1e3,007']);
    expect(group.code, group.stderr).toBe(0);
    const config = read(file);
    expect(config.mcpServers['007']).toMatchObject({ description: '000123', cwd: expect.stringMatching(/[\\/]0010$/) });
    expect(config.groups?.['0x10']).toMatchObject({ servers: ['1e3', '007'] });
    const tools = await runGw(['tools', '--config', file, '--group', '0x10', '--server', '007', '--json'], { timeout: 60_000 });
    expect(tools.stderr).not.toMatch(/no group named|unknown server '7'/);
  });

  it('creates gateway.json with a stdio server and prints the exact command line saved', async () => {
    const file = path.join(tempDir(), 'conf', 'gateway.json');
    const r = await runGw([
      'add',
      'github',
      '--config',
      file,
      '--env',
      'TOKEN=${GH}',
      '--timeout',
      '5000',
      '--',
      'npx',
      '-y',
      '@modelcontextprotocol/server-github',
      'a b',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("npx -y @modelcontextprotocol/server-github 'a b'");
    expect(r.stdout).toContain(`added github (stdio) in ${file}`);
    expect(read(file)).toEqual({
      mcpServers: {
        github: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github', 'a b'],
          env: { TOKEN: '${GH}' },
          timeout: 5000,
        },
      },
    });
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"mcpServers": \{\n {4}"github"[\s\S]*\n\}\n$/);
  });

  it('adds a remote server with headers and transport, disabled, keeping existing entries first', async () => {
    const file = writeConfig({ mcpServers: { first: { command: 'x' } } });
    const r = await runGw([
      'add',
      'docs',
      '--url',
      'https://example.com/sse',
      '--transport',
      'sse',
      '--header',
      'Authorization=Bearer t=1',
      '--disabled',
      '--config',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('added docs (sse, disabled)');
    expect(r.stdout).toContain('https://example.com/sse');
    const doc = read(file);
    expect(Object.keys(doc.mcpServers)).toEqual(['first', 'docs']);
    expect(doc.mcpServers.docs).toEqual({
      url: 'https://example.com/sse',
      transport: 'sse',
      headers: { Authorization: 'Bearer t=1' },
      enabled: false,
    });
  });

  it('stores --cwd as an absolute path', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gateway.json');
    const r = await runGw(['add', 'local', '--cwd', 'work', '--config', file, '--', 'node', 'server.js'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(read(file).mcpServers.local?.cwd).toBe(path.join(dir, 'work'));
  });

  it('refuses a duplicate name (exit 1) unless --force, which replaces the entry in place', async () => {
    const file = writeConfig({ mcpServers: { a: { command: 'old', deny: ['x'] }, b: { command: 'b' } } });
    const dup = await runGw(['add', 'a', '--config', file, '--', 'new']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^gw: a server named "a" already exists .*--force/m);
    expect(read(file).mcpServers.a?.command).toBe('old');
    const forced = await runGw(['add', 'a', '--force', '--config', file, '--', 'new', '--flag']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('replaced a (stdio)');
    expect(read(file).mcpServers).toEqual({ a: { command: 'new', args: ['--flag'] }, b: { command: 'b' } });
  });

  it('rejects invalid names and inconsistent flags as usage errors (exit 2), writing nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gateway.json');
    const cases: [string[], RegExp][] = [
      [
        ['add', 'my_server', '--', 'x'],
        /invalid server name "my_server": use letters, digits and '-'.*"my-server"/,
      ],
      [['add', 'a'], /say what to run/],
      [['add', 'a', '--url', 'https://x.test', '--', 'cmd'], /either a command .* or --url/],
      [['add', 'a', '--url', 'ftp://x.test'], /--url must start with http/],
      [['add', 'a', '--url', 'https://x.test', '--transport', 'ws'], /--transport must be http or sse/],
      [['add', 'a', '--env', 'NOVALUE', '--', 'x'], /--env expects KEY=VALUE/],
      [['add', 'a', '--timeout', 'soon', '--', 'x'], /--timeout must be a positive number/],
      [['add', 'a', '--header', 'A=b', '--', 'x'], /--header and --transport apply only to remote servers/],
    ];
    for (const [args, message] of cases) {
      const r = await runGw(['--config', file, ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^gw: /);
    }
    expect(() => readFileSync(file)).toThrow();
  });

  it('creates ./gateway.json by lookup and says which file it used', async () => {
    const dir = tempDir();
    const env = { GW_CONFIG: undefined, XDG_CONFIG_HOME: path.join(dir, 'xdg') };
    const created = await runGw(['add', 'a', '--', 'x'], { cwd: dir, env });
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`creating ${path.join(dir, 'gateway.json')}`);
    const again = await runGw(['add', 'b', '--', 'y'], { cwd: dir, env });
    expect(again.stderr).toContain(`using ${path.join(dir, 'gateway.json')}`);
    expect(Object.keys(read(path.join(dir, 'gateway.json')).mcpServers)).toEqual(['a', 'b']);
  });

  it('lets 20 concurrent `gw add` commands all land', async () => {
    const file = writeConfig({ mcpServers: {} });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runGw(['add', `s${i}`, '--config', file, '--', 'echo', String(i)], { timeout: 60_000 }),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(Array(20).fill(0));
    const doc = read(file);
    expect(Object.keys(doc.mcpServers).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`).sort());
    for (let i = 0; i < 20; i++)
      expect(doc.mcpServers[`s${i}`]).toEqual({ command: 'echo', args: [String(i)] });
  }, 90_000);
});
