// Unit tests for turning gateway.json text into a normalised GatewayConfig, and for the error messages when it is wrong.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText, parseJsonText, validateConfig } from '../../src/config/parse.js';
import { GatewayError } from '../../src/errors.js';

const FILE = path.resolve('/tmp/gw-parse-test/gateway.json');
const DIR = path.dirname(FILE);

// The error a parse throws, so tests can assert its code and message.
function failure(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected the config to be rejected');
}

const text = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

describe('parseConfigText', () => {
  it('accepts a full example and normalises servers, groups and settings', () => {
    const config = parseConfigText(
      text({
        $schema: 'https://example.com/schema.json',
        mcpServers: {
          github: {
            command: 'npx',
            args: ['-y', 'server-github'],
            env: { TOKEN: '${GITHUB_TOKEN}' },
            deny: ['delete_*'],
            timeout: 5000,
          },
          docs: { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer x' } },
          legacy: { url: 'https://example.com/sse', transport: 'sse', enabled: false },
        },
        groups: { dev: { servers: ['github', 'docs'], deny: ['*_admin'], description: 'daily work' } },
        settings: { separator: '__', tools: 'search' },
        plugins: [{ module: './plugins/audit.ts', options: { level: 1 } }],
      }),
      { file: FILE },
    );
    expect(config.path).toBe(FILE);
    expect(config.dir).toBe(DIR);
    expect(config.servers.map((s) => [s.name, s.kind, s.enabled])).toEqual([
      ['github', 'stdio', true],
      ['docs', 'http', true],
      ['legacy', 'sse', false],
    ]);
    const github = config.servers[0];
    expect(github).toMatchObject({
      command: 'npx',
      args: ['-y', 'server-github'],
      env: { TOKEN: '${GITHUB_TOKEN}' },
      deny: ['delete_*'],
      allow: [],
      timeout: 5000,
      cwd: DIR,
    });
    expect(config.groups.get('dev')).toEqual({
      name: 'dev',
      servers: ['github', 'docs'],
      allow: [],
      deny: ['*_admin'],
      description: 'daily work',
    });
    expect(config.settings).toMatchObject({ separator: '__', tools: 'search' });
    expect(config.plugins).toEqual([{ module: path.join(DIR, 'plugins/audit.ts'), options: { level: 1 } }]);
  });

  it('reports an unknown key with its JSON path and line:column', () => {
    const source =
      '{\n  "mcpServers": {\n    "github": {\n      "command": "npx",\n      "arsg": []\n    }\n  }\n}\n';
    const error = failure(() => parseConfigText(source, { file: FILE }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('mcpServers.github.arsg is not a known key');
    expect(error.message).toContain('(line 5:7)');
  });

  it('reports a JSON syntax error with line:column', () => {
    const source = '{\n  "mcpServers": {\n    "a": { "command": "x", }\n  }\n}\n';
    const error = failure(() => parseConfigText(source, { file: FILE }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/invalid JSON: .* \(line 3:28\)/);
    expect(() => parseJsonText('', FILE)).toThrow(/empty/);
  });

  it('rejects a key that appears twice in one object (JSON would keep only the last), with line:column', () => {
    const source = '{\n  "mcpServers": {\n    "a": { "command": "x", "deny": ["delete_*"] },\n    "a": { "command": "y" }\n  }\n}\n';
    const error = failure(() => parseConfigText(source, { file: FILE }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/the key "a" appears twice in the same object \(line 4:5\)/);
    // The same key in different objects is fine.
    expect(() => parseJsonText('{"mcpServers":{"a":{"command":"x"},"b":{"command":"x"}}}', FILE)).not.toThrow();
  });

  it('reads a file that starts with a byte-order mark', () => {
    const config = parseConfigText('\uFEFF' + text({ mcpServers: { a: { command: 'x' } } }), { file: FILE });
    expect(config.servers.map((s) => s.name)).toEqual(['a']);
  });

  it('rejects a group naming an unknown server, saying which ones exist', () => {
    const source = text({
      mcpServers: { a: { command: 'x' } },
      groups: { dev: { servers: ['a', 'ghost'] } },
    });
    const error = failure(() => parseConfigText(source, { file: FILE }));
    expect(error.message).toContain(
      'groups.dev.servers[1] names server "ghost", which is not in mcpServers (known: a)',
    );
    expect(error.message).toMatch(/\(line \d+:\d+\)/);
  });

  it('rejects server names with "_" or spaces and explains what is allowed', () => {
    const error = failure(() =>
      validateConfig(
        { mcpServers: { my_server: { command: 'x' }, 'a b': { command: 'y' } } },
        { file: FILE },
      ),
    );
    expect(error.message).toContain('server name "my_server" is invalid: use letters, digits and \'-\'');
    expect(error.message).toContain('"a b" is invalid');
  });

  it('normalises stdio and remote entries into their kinds and rejects a mix', () => {
    const config = validateConfig(
      { mcpServers: { local: { command: 'node' }, remote: { url: 'https://x.test/mcp' } } },
      { file: FILE },
    );
    expect(config.servers[0]).toMatchObject({
      kind: 'stdio',
      command: 'node',
      args: [],
      env: {},
      inheritEnv: false,
    });
    expect(config.servers[1]).toMatchObject({ kind: 'http', url: 'https://x.test/mcp', headers: {} });
    expect(
      failure(() =>
        validateConfig({ mcpServers: { both: { command: 'x', url: 'https://x.test' } } }, { file: FILE }),
      ).message,
    ).toContain('has both "command" and "url"');
    expect(failure(() => validateConfig({ mcpServers: { none: {} } }, { file: FILE })).message).toContain(
      'needs "command"',
    );
    expect(
      failure(() =>
        validateConfig({ mcpServers: { r: { url: 'https://x.test', env: { A: 'b' } } } }, { file: FILE }),
      ).message,
    ).toContain('mcpServers.r.env applies only to local servers');
  });

  it('accepts the `type` and `disabled` keys other clients write', () => {
    const config = validateConfig(
      {
        mcpServers: {
          vs: { type: 'stdio', command: 'x' },
          cc: { type: 'http', url: 'https://x.test/mcp' },
          old: { type: 'sse', url: 'https://x.test/sse' },
          cline: { command: 'y', disabled: true },
        },
      },
      { file: FILE },
    );
    expect(config.servers.map((s) => [s.name, s.kind, s.enabled])).toEqual([
      ['vs', 'stdio', true],
      ['cc', 'http', true],
      ['old', 'sse', true],
      ['cline', 'stdio', false],
    ]);
    const contradiction = failure(() =>
      validateConfig({ mcpServers: { c: { command: 'x', enabled: true, disabled: true } } }, { file: FILE }),
    );
    expect(contradiction.message).toContain('mcpServers.c.disabled contradicts "enabled"');
  });

  it('resolves a relative cwd against the config file directory', () => {
    const config = validateConfig(
      { mcpServers: { a: { command: 'x', cwd: 'tools/a' }, b: { command: 'y', cwd: '/abs' } } },
      { file: FILE },
    );
    expect(config.servers[0]).toMatchObject({ cwd: path.join(DIR, 'tools/a') });
    expect(config.servers[1]).toMatchObject({ cwd: path.resolve('/abs') });
  });
});

describe('startTimeout', () => {
  it('defaults to the server timeout and can be longer, for servers that start slowly', () => {
    const config = parseConfigText(
      text({ mcpServers: { a: { command: 'x', timeout: 2000 }, b: { command: 'x', timeout: 2000, startTimeout: 60_000 }, c: { command: 'x' } } }),
      { file: FILE },
    );
    expect(config.servers.map((s) => [s.name, s.timeout, s.startTimeout])).toEqual([
      ['a', 2000, 2000],
      ['b', 2000, 60_000],
      ['c', 60_000, 60_000],
    ]);
  });
});

describe('sharing keys', () => {
  it('reads top-level "share" and "shareGrace" and a server\'s "share": false; sharing is off by default', () => {
    const shared = parseConfigText(text({ share: true, shareGrace: 5, mcpServers: { a: { command: 'x' }, b: { command: 'y', share: false } } }), { file: FILE });
    expect(shared.settings).toMatchObject({ share: true, shareGrace: 5 });
    expect(shared.servers.map((s) => [s.name, s.share])).toEqual([['a', true], ['b', false]]);
    expect(parseConfigText(text({ mcpServers: {} }), { file: FILE }).settings).toMatchObject({ share: false, shareGrace: 60 });
    expect(failure(() => parseConfigText(text({ share: 'yes' }), { file: FILE })).message).toContain('share');
  });
});
