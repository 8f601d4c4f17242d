// End-to-end: `gw allow`, `gw deny` and `gw group ...` edit rules and groups in gateway.json through the compiled binary.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGw, writeConfig } from '../helpers/gw.js';

type Entry = Record<string, unknown>;
const read = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as {
    mcpServers: Record<string, Entry>;
    groups?: Record<string, Entry>;
  };
const BASE = {
  mcpServers: {
    github: { command: 'gh' },
    docs: { url: 'https://example.com/mcp' },
    memory: { command: 'mem' },
  },
};

// Runs gw against `file` from its own directory, so a mistake can never fall back to another gateway.json.
const gw = (file: string, ...args: string[]) =>
  runGw(['--config', file, ...args], { cwd: path.dirname(file) });

describe('gw allow / deny', () => {
  it('adds globs to a server list without duplicates, and removes them with --remove', async () => {
    const file = writeConfig(BASE);
    const first = await gw(file, 'deny', 'github', 'delete_*', 'admin_*');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('added to server github deny: delete_* admin_*');
    const again = await gw(file, 'deny', 'github', 'delete_*', 'push_*');
    expect(again.stdout).toContain('already in server github deny: delete_*');
    expect(read(file).mcpServers.github).toEqual({ command: 'gh', deny: ['delete_*', 'admin_*', 'push_*'] });
    const removed = await gw(file, 'deny', 'github', '--remove', 'admin_*', 'nope_*');
    expect(removed.stdout).toContain('removed from server github deny: admin_*');
    expect(removed.stdout).toContain('not in server github deny: nope_*');
    await gw(file, 'deny', 'github', '--remove', 'delete_*', 'push_*');
    expect(read(file).mcpServers.github).toEqual({ command: 'gh' });
  });

  it('edits a group list with --group and prints --json', async () => {
    const file = writeConfig({ ...BASE, groups: { dev: { servers: ['github'] } } });
    const r = await gw(file, 'allow', '--group', 'dev', 'read_*', 'list_*', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      group: 'dev',
      allow: ['read_*', 'list_*'],
      changed: ['read_*', 'list_*'],
      unchanged: [],
    });
    expect(read(file).groups?.dev).toEqual({ servers: ['github'], allow: ['read_*', 'list_*'] });
  });

  it('rejects an invalid glob (exit 2) and an unknown server or group (exit 1), changing nothing', async () => {
    const file = writeConfig({ ...BASE, groups: { dev: { servers: [] } } });
    const before = readFileSync(file, 'utf8');
    const glob = await gw(file, 'deny', 'github', 'ok_*', 'delete_[');
    expect(glob.code).toBe(2);
    expect(glob.stderr).toMatch(/^gw: invalid glob "delete_\[": Missing closing/m);
    const empty = await gw(file, 'allow', 'github', '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('must not be empty');
    const server = await gw(file, 'allow', 'gitlab', 'x');
    expect(server.code).toBe(1);
    expect(server.stderr).toContain('no server named "gitlab"');
    expect(server.stderr).toContain('known: github, docs, memory');
    const group = await gw(file, 'deny', '--group', 'ops', 'x');
    expect(group.code).toBe(1);
    expect(group.stderr).toContain('no group named "ops"');
    const missing = await gw(file, 'deny', 'github');
    expect(missing.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it("refuses a server name given as a group's first glob, and says how to write the rule", async () => {
    const file = writeConfig({ ...BASE, groups: { dev: { servers: ['github'] } } });
    const before = readFileSync(file, 'utf8');
    const r = await gw(file, 'deny', '--group', 'dev', 'github', 'delete_*');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'github' is a server, not a tool glob");
    expect(r.stderr).toContain("gw deny --group dev 'github_delete_*'");
    expect(r.stderr).toContain("gw deny github 'delete_*'");
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('gw group', () => {
  it('creates a group with servers and rules, then adds, removes and deletes', async () => {
    const file = writeConfig(BASE);
    const created = await gw(
      file,
      'group',
      'create',
      'dev',
      '--servers',
      'github,docs',
      '--deny',
      '*_admin',
      '--allow',
      'read_*',
      '--allow',
      'list_*',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('created group dev: servers github docs');
    expect(read(file).groups).toEqual({
      dev: { servers: ['github', 'docs'], allow: ['read_*', 'list_*'], deny: ['*_admin'] },
    });

    const added = await gw(file, 'group', 'add', 'dev', 'memory', 'github');
    expect(added.stdout).toContain('added to group dev: memory');
    expect(added.stdout).toContain('already in group dev: github');
    expect(read(file).groups?.dev?.servers).toEqual(['github', 'docs', 'memory']);

    const removed = await gw(file, 'group', 'remove', 'dev', 'docs');
    expect(removed.code).toBe(0);
    expect(read(file).groups?.dev?.servers).toEqual(['github', 'memory']);

    const list = await gw(file, 'group', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      { name: 'dev', servers: ['github', 'memory'], allow: ['read_*', 'list_*'], deny: ['*_admin'] },
    ]);
    const table = await gw(file, 'group', 'list');
    expect(table.stdout).toMatch(/^dev\s+2\s+1\s+github,memory$/m);

    expect((await gw(file, 'group', 'delete', 'dev')).code).toBe(0);
    expect(read(file)).toEqual(BASE);
  });

  it('reports errors: duplicate, unknown group, unknown member, bad name, bad action', async () => {
    const file = writeConfig({ ...BASE, groups: { dev: { servers: ['github'] } } });
    const before = readFileSync(file, 'utf8');
    const dup = await gw(file, 'group', 'create', 'dev');
    expect([dup.code, dup.stderr]).toEqual([1, expect.stringContaining('group "dev" already exists')]);
    const unknownGroup = await gw(file, 'group', 'add', 'ops', 'github');
    expect([unknownGroup.code, unknownGroup.stderr]).toEqual([
      1,
      expect.stringContaining('no group named "ops"'),
    ]);
    const unknownServer = await gw(file, 'group', 'create', 'ops', '--servers', 'github,gitlab');
    expect([unknownServer.code, unknownServer.stderr]).toEqual([
      1,
      expect.stringContaining('no server named "gitlab"'),
    ]);
    const badName = await gw(file, 'group', 'create', 'my group');
    expect([badName.code, badName.stderr]).toEqual([
      2,
      expect.stringContaining('invalid group name "my group"'),
    ]);
    const badGlob = await gw(file, 'group', 'create', 'ops', '--deny', '{a,b');
    expect(badGlob.code).toBe(2);
    const action = await gw(file, 'group', 'rename', 'dev');
    expect([action.code, action.stderr]).toEqual([
      2,
      expect.stringContaining('unknown group action "rename"'),
    ]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
