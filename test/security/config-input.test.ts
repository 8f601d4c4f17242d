// gateway.json that hides what runs (prototype keys), is too deep or too big, is not a regular file, or is a dangling
// link: every gw command refuses it clearly, leaves it unchanged, and files gw creates are 0600.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, truncateSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGw, tempDir, tempHome, writeConfig } from '../helpers/gw.js';

// Each file would run or hide something the text does not plainly show; `line:col` is where the key starts.
const HIDING: Array<[string, string, string, string]> = [
  ['a server entry whose __proto__ holds the command', '{"mcpServers":{"a":{"__proto__":{"command":"sh","args":["-c","touch MARK"]}}}}', 'mcpServers.a.__proto__', '1:21'],
  ['a __proto__ server name', '{"mcpServers":{"__proto__":{"command":"sh","args":["-c","touch MARK"]}}}', 'mcpServers.__proto__', '1:16'],
  ['a hidden allow rule', '{\n  "mcpServers": {\n    "a": {"command": "sh", "__proto__": {"allow": ["nothing"]}}\n  }\n}\n', 'mcpServers.a.__proto__', '3:28'],
  ['a constructor server name', '{"mcpServers":{"constructor":{"command":"sh","args":["-c","touch MARK"]}}}', 'mcpServers.constructor', '1:16'],
  ['a prototype key in a group', '{"mcpServers":{"a":{"command":"sh"}},"groups":{"g":{"servers":["a"],"prototype":{"deny":["*"]}}}}', 'groups.g.prototype', '1:69'],
];

describe('config keys that hide what runs (issue #23 §5)', () => {
  it.each(HIDING)('%s is an error for list, serve and add, and add leaves the file unchanged', async (_what, text, where, at) => {
    const dir = tempDir();
    const file = writeConfig(text, dir);
    const expected = `${where}: the key`;

    const list = await runGw(['list', '--config', file]);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(file);
    expect(list.stderr).toContain(expected);
    expect(list.stderr).toContain(`(line ${at})`);
    expect(list.stderr).not.toMatch(/no servers configured/);

    const serve = await runGw(['serve', '--config', file]);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain(expected);
    expect(serve.stdout).toBe('');
    expect(existsSync(path.join(dir, 'MARK'))).toBe(false);

    const add = await runGw(['add', 'b', '--config', file, '--', 'echo', 'hi']);
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(expected);
    expect(add.stderr).toContain('gw left the file unchanged');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('gw add refuses reserved names and env keys that would vanish or be rejected later', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gateway.json');
    const byName = await runGw(['add', 'constructor', '--config', file, '--', 'echo'], { cwd: dir });
    expect(byName.code).toBe(2);
    expect(byName.stderr).toContain('"constructor" cannot be a server name');
    const byEnv = await runGw(['add', 'a', '--config', file, '--env', '__proto__=x', '--', 'echo'], { cwd: dir });
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toContain('--env: "__proto__" cannot be a key');
    expect(existsSync(file)).toBe(false);
  });
});

describe('config files that are too deep, too big or not files', () => {
  it('a 100,000-deep file gets a clear message, not a stack overflow', async () => {
    const dir = tempDir();
    const text = `{"mcpServers":{},"plugins":[{"module":"m","options":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`;
    const file = writeConfig(text, dir);
    for (const args of [['list', '--config', file], ['add', 'b', '--config', file, '--', 'echo']]) {
      const r = await runGw(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain('nested more than 100 levels deep (line 1:');
      expect(r.stderr).not.toMatch(/call stack/i);
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a file over 10 MiB is refused naming its size and the cap', async () => {
    const dir = tempDir();
    const file = writeConfig('', dir);
    truncateSync(file, 200 * 1024 * 1024);
    const r = await runGw(['list', '--config', file], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} is 200 MiB (209715200 bytes); a gateway.json may be at most 10 MiB`);
    expect(statSync(file).size).toBe(200 * 1024 * 1024);
  });

  it('--config and $GW_CONFIG on a FIFO or a device return at once with a message', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'gateway.json');
    execFileSync('mkfifo', [fifo]);
    // The timeout is only a safety net: the assertions are on the message.
    const runs = [
      await runGw(['list', '--config', fifo], { cwd: dir, timeout: 20_000 }),
      await runGw(['serve', '--config', fifo], { cwd: dir, timeout: 20_000 }),
      await runGw(['add', 'b', '--', 'echo'], { cwd: dir, env: { GW_CONFIG: fifo }, timeout: 20_000 }),
    ];
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${fifo} is a FIFO (named pipe), not a regular file`);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const device = await runGw(['list'], { cwd: dir, env: { GW_CONFIG: '/dev/zero' }, timeout: 20_000 });
    expect(device.code).toBe(1);
    expect(device.stderr).toContain('/dev/zero is a character device, not a regular file');
  });
});

describe('files gw writes', () => {
  it('a dangling gateway.json symlink: gw add creates its target and the link stays', async () => {
    const dir = tempDir();
    const link = path.join(dir, 'gateway.json');
    symlinkSync(path.join('dotfiles', 'gw', 'gateway.json'), link);
    const r = await runGw(['add', 'b', '--', 'echo', 'hi'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(path.join('dotfiles', 'gw', 'gateway.json'));
    const target = path.join(dir, 'dotfiles', 'gw', 'gateway.json');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ mcpServers: { b: { command: 'echo', args: ['hi'] } } });
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('a gateway.json created by gw add or gw import is 0600; an existing file keeps its mode', async () => {
    const dir = tempDir();
    const added = path.join(dir, 'added.json');
    expect((await runGw(['add', 'b', '--config', added, '--', 'echo'], { cwd: dir })).code).toBe(0);
    expect(statSync(added).mode & 0o777).toBe(0o600);

    const { dir: home, env } = tempHome();
    const source = path.join(home, 'client.json');
    writeFileSync(source, JSON.stringify({ mcpServers: { gh: { command: 'npx', env: { TOKEN: 'literal-secret' } } } }));
    const imported = path.join(dir, 'sub', 'imported.json');
    const r = await runGw(['import', source, '--config', imported], { cwd: home, env });
    expect(r.code).toBe(0);
    expect(statSync(imported).mode & 0o777).toBe(0o600);

    const existing = writeConfig({ mcpServers: {} }, tempDir());
    chmodSync(existing, 0o644);
    expect((await runGw(['add', 'b', '--config', existing, '--', 'echo'], { cwd: dir })).code).toBe(0);
    expect(statSync(existing).mode & 0o777).toBe(0o644);
  });
});
