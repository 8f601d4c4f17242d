// Unit: the JSONC, TOML and YAML helpers set one value and keep every comment and untouched line as written.
import { describe, expect, it } from 'vitest';
import { formatOf } from '../../../src/cli/clients/formats/index.js';

const entry = { command: '/bin/gw', args: ['serve', '--group', 'dev'], env: { A: '1' } };

describe('toml', () => {
  const toml = formatOf('toml');
  const text = '# top comment\nmodel = "o3"  # trailing\n\n[mcp_servers.other]\ncommand = "x" # keep\n';

  it('appends a new [mcp_servers.NAME] table and keeps the rest byte for byte', () => {
    const next = toml.set(text, ['mcp_servers', 'gw'], entry);
    expect(next.startsWith(text)).toBe(true);
    expect(next.slice(text.length)).toBe('\n[mcp_servers.gw]\ncommand = "/bin/gw"\nargs = [ "serve", "--group", "dev" ]\nenv = { A = "1" }\n');
    expect(JSON.parse(JSON.stringify(toml.read(next, 'f')))).toMatchObject({ model: 'o3', mcp_servers: { other: { command: 'x' }, gw: entry } });
  });

  it('patches an existing entry in place and quotes names TOML cannot leave bare', () => {
    const once = toml.set(text, ['mcp_servers', 'gw'], entry);
    const twice = toml.set(once, ['mcp_servers', 'gw'], { ...entry, args: ['serve'] });
    expect(twice).toContain('# top comment\nmodel = "o3"  # trailing\n');
    expect(twice).toContain('command = "x" # keep');
    expect((toml.read(twice, 'f') as { mcp_servers: { gw: { args: string[] } } }).mcp_servers.gw.args).toEqual(['serve']);
    expect(toml.set('', ['mcp_servers', 'my gw'], { command: 'c' })).toBe('[mcp_servers."my gw"]\ncommand = "c"\n');
  });

  it('edits an inline mcp_servers table in place instead of adding a section TOML forbids there', () => {
    const inline = 'mcp_servers = { other = { command = "x" } } # mine\n';
    const next = toml.set(inline, ['mcp_servers', 'gw'], { command: 'gw' });
    expect(next).toContain('# mine');
    expect(JSON.parse(JSON.stringify(toml.read(next, 'f')))).toEqual({ mcp_servers: { other: { command: 'x' }, gw: { command: 'gw' } } });
  });

  it('names the file when it does not parse', () => {
    expect(() => toml.read('a = \n', '/x/config.toml')).toThrow(/\/x\/config\.toml: invalid TOML/);
  });
});

describe('yaml', () => {
  const yaml = formatOf('yaml');
  it('adds under extensions and keeps comments', () => {
    const text = '# goose\nGOOSE_MODEL: gpt # model note\nextensions:\n  dev: # builtin\n    enabled: true\n';
    const next = yaml.set(text, ['extensions', 'gw'], { cmd: 'gw', args: ['serve'] });
    expect(next).toContain('# goose\nGOOSE_MODEL: gpt # model note\n');
    // The yaml package keeps a comment after a key holding a map, on the line below it.
    expect(next).toContain('  dev:\n    # builtin\n    enabled: true\n');
    expect(yaml.read(next, 'f')).toEqual({ GOOSE_MODEL: 'gpt', extensions: { dev: { enabled: true }, gw: { cmd: 'gw', args: ['serve'] } } });
  });
});

describe('jsonc', () => {
  const json = formatOf('json');
  it('keeps comments and trailing commas and uses the file indentation', () => {
    const text = '{\n\t// c\n\t"a": 1,\n}\n';
    const next = json.set(text, ['mcpServers', 'gw'], { command: 'x' });
    expect(next).toContain('\t// c\n\t"a": 1,');
    expect(json.read(next, 'f')).toEqual({ a: 1, mcpServers: { gw: { command: 'x' } } });
  });
});
