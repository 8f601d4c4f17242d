// End-to-end: `gw install CLIENT` writes each client's own format (JSON/JSONC, TOML, YAML) into a file that already
// holds other settings and comments, keeps them, backs up, is idempotent, prints without writing, writes the HTTP
// entry; `gw import --from CLIENT` reads the same file back.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from '@decimalturn/toml-patch';
import { parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GW_BIN, runGw, tempDir, tempHome, writeConfig } from '../helpers/gw.js';

type Entry = Record<string, unknown>;
const URL_IN = 'http://127.0.0.1:7400';
const URL_OUT = 'http://127.0.0.1:7400/mcp/g/dev';

interface Case {
  client: string;
  file: string; // relative to HOME (XDG_CONFIG_HOME is HOME/.config)
  format: 'json' | 'toml' | 'yaml';
  at: string; // the key holding the servers
  original: string; // other settings, comments, and one server `other` holding a literal secret
  comments: string[];
  kept: Record<string, unknown>; // other top-level settings that must survive
  stdio: (args: string[], name: string) => Entry;
  http: Entry;
  imported: Entry; // `other` in gateway.json's shape
}

const standardOther = '{ "command": "keep-me", "args": ["x"], "env": { "API_KEY": "sk-live-123" } }';
const standardImported = { command: 'keep-me', args: ['x'], env: { API_KEY: 'sk-live-123' } };
const jsonFile = (key: string, other = standardOther) =>
  `{\n  // my settings\n  "theme": "dark",\n  "${key}": {\n    "other": ${other} // keep me\n  },\n  "tail": [1, 2, 3],\n}\n`;
const jsonCase = (client: string, file: string, http: Entry, extra: Partial<Case> = {}): Case => ({
  client,
  file,
  format: 'json',
  at: 'mcpServers',
  original: jsonFile(extra.at ?? 'mcpServers'),
  comments: ['// my settings', '// keep me'],
  kept: { theme: 'dark', tail: [1, 2, 3] },
  stdio: (args) => ({ command: process.execPath, args }),
  http,
  imported: standardImported,
  ...extra,
});
const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });
const PLACEHOLDER = '<paste the output of gw token>';

const CASES: Case[] = [
  jsonCase('gemini', '.gemini/settings.json', { httpUrl: URL_OUT, headers: bearer('${GW_TOKEN}') }),
  jsonCase('qwen', '.qwen/settings.json', { httpUrl: URL_OUT, headers: bearer('${GW_TOKEN}') }),
  jsonCase('windsurf', '.codeium/windsurf/mcp_config.json', { serverUrl: URL_OUT, headers: bearer('${env:GW_TOKEN}') }),
  jsonCase('kiro', '.kiro/settings/mcp.json', { url: URL_OUT, headers: bearer('${GW_TOKEN}') }),
  jsonCase('lmstudio', '.lmstudio/mcp.json', { url: URL_OUT, headers: bearer(PLACEHOLDER) }),
  jsonCase('copilot', '.copilot/mcp-config.json', { type: 'http', tools: ['*'], url: URL_OUT, headers: bearer('${GW_TOKEN}') }, {
    stdio: (args) => ({ type: 'local', tools: ['*'], command: process.execPath, args }),
  }),
  jsonCase('zed', '.config/zed/settings.json', { url: URL_OUT, headers: bearer(PLACEHOLDER) }, { at: 'context_servers', original: jsonFile('context_servers') }),
  jsonCase('opencode', '.config/opencode/opencode.json', { type: 'remote', url: URL_OUT, headers: bearer('{env:GW_TOKEN}') }, {
    at: 'mcp',
    original: jsonFile('mcp', '{ "type": "local", "command": ["keep-me", "x"], "environment": { "API_KEY": "sk-live-123" } }'),
    stdio: (args) => ({ type: 'local', command: [process.execPath, ...args] }),
  }),
  jsonCase('cursor', '.cursor/mcp.json', { url: URL_OUT, headers: bearer('${env:GW_TOKEN}') }),
  jsonCase('vscode', '.config/Code/User/mcp.json', { type: 'http', url: URL_OUT, headers: bearer('${env:GW_TOKEN}') }, {
    at: 'servers',
    original: jsonFile('servers'),
    stdio: (args) => ({ type: 'stdio', command: process.execPath, args }),
  }),
  jsonCase('claude-code', '.claude.json', { type: 'http', url: URL_OUT, headers: bearer('${GW_TOKEN}') }, {
    stdio: (args) => ({ type: 'stdio', command: process.execPath, args }),
  }),
  {
    client: 'codex',
    file: '.codex/config.toml',
    format: 'toml',
    at: 'mcp_servers',
    original: '# my codex config\nmodel = "o3" # keep this note\n\n[mcp_servers.other]\ncommand = "keep-me"\nargs = ["x"]\nenv = { API_KEY = "sk-live-123" }\n',
    comments: ['# my codex config', '# keep this note'],
    kept: { model: 'o3' },
    stdio: (args) => ({ command: process.execPath, args }),
    http: { url: URL_OUT, bearer_token_env_var: 'GW_TOKEN' },
    imported: standardImported,
  },
  {
    client: 'goose',
    file: '.config/goose/config.yaml',
    format: 'yaml',
    at: 'extensions',
    original:
      '# goose settings\nGOOSE_PROVIDER: openai # provider note\nextensions:\n  other:\n    enabled: true\n    name: other\n    type: stdio\n    cmd: keep-me\n    args: [x]\n    envs: { API_KEY: sk-live-123 }\n    timeout: 300\n',
    comments: ['# goose settings', '# provider note'],
    kept: { GOOSE_PROVIDER: 'openai' },
    stdio: (args, name) => ({ enabled: true, name, description: 'fast-gateway: many MCP servers as one', timeout: 300, type: 'stdio', cmd: process.execPath, args, envs: {}, env_keys: [] }),
    http: {
      enabled: true,
      name: 'gw',
      description: 'fast-gateway: many MCP servers as one',
      timeout: 300,
      type: 'streamable_http',
      uri: URL_OUT,
      headers: bearer(PLACEHOLDER),
      envs: {},
      env_keys: [],
    },
    imported: standardImported,
  },
];

function parse(format: Case['format'], text: string): Record<string, unknown> {
  if (format === 'toml') return JSON.parse(JSON.stringify(parseToml(text))) as Record<string, unknown>;
  if (format === 'yaml') return parseYaml(text) as Record<string, unknown>;
  return parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
}

describe.each(CASES)('gw install $client', (c) => {
  it('keeps other settings and comments, backs up, is idempotent, prints without writing, writes --http; import reads it back', { timeout: 90_000 }, async () => {
    const { dir, env: homeEnv } = tempHome();
    // Default locations: nothing but HOME points at the throwaway directory.
    const env = { ...homeEnv, XDG_CONFIG_HOME: undefined, APPDATA: undefined };
    const config = writeConfig({ mcpServers: {}, groups: { dev: { servers: [] } } }, tempDir());
    const file = path.join(dir, c.file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, c.original, { mode: 0o600 });
    const run = (args: string[]) => runGw(args, { cwd: dir, env });
    const servers = (text: string) => parse(c.format, text)[c.at] as Record<string, Entry>;

    const first = await run(['install', c.client, '--group', 'dev', '--config', config]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`added "gw" in ${file} (backup: ${file}.bak)`);
    expect(readFileSync(file + '.bak', 'utf8')).toBe(c.original);
    const text = readFileSync(file, 'utf8');
    for (const comment of c.comments) expect(text).toContain(comment);
    expect(parse(c.format, text)).toMatchObject(c.kept);
    expect(servers(text).gw).toEqual(c.stdio([GW_BIN, 'serve', '--config', config, '--group', 'dev'], 'gw'));
    expect(Object.keys(servers(text))).toEqual(['other', 'gw']);

    const again = await run(['install', c.client, '--group', 'dev', '--config', config]);
    expect(again.stdout).toContain(`already installed: ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(text);

    const printed = await run(['install', c.client, '--print', '--name', 'shown', '--config', config]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stderr).toContain(`this entry belongs in ${file}`);
    expect(servers(printed.stdout).shown).toEqual(c.stdio([GW_BIN, 'serve', '--config', config], 'shown'));
    expect(readFileSync(file, 'utf8')).toBe(text);

    const http = await run(['install', c.client, '--http', URL_IN, '--group', 'dev']);
    expect(http.code, http.stderr).toBe(0);
    expect(http.stdout).toContain(`updated "gw" in ${file}`);
    const after = readFileSync(file, 'utf8');
    expect(servers(after).gw).toEqual(c.http);
    for (const comment of c.comments) expect(after).toContain(comment);
    expect(readFileSync(file + '.bak', 'utf8')).toBe(c.original);
    expect(http.stdout).toMatch(JSON.stringify(c.http).includes(PLACEHOLDER) ? /cannot take a header from the environment/ : /takes the token from \$GW_TOKEN/);

    const target = path.join(tempDir(), 'gateway.json');
    const imported = await run(['import', '--from', c.client, '--config', target]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^added\s+other$/m);
    expect(imported.stdout).toMatch(/^skipped\s+gw: this entry connects to fast-gateway over HTTP/m);
    expect(imported.stderr).toContain('other: env.API_KEY holds a literal secret');
    expect(imported.stderr + imported.stdout).not.toContain('sk-live-123');
    expect(JSON.parse(readFileSync(target, 'utf8')).mcpServers).toEqual({ other: c.imported });
  });
});

describe('gw install (client-specific cases)', () => {
  it('Claude Desktop refuses --http with the reason; an explicit --token is written as given', async () => {
    const { dir, env } = tempHome();
    const r = await runGw(['install', 'claude', '--http', URL_IN], { cwd: dir, env });
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('Settings > Connectors')]);
    const t = await runGw(['install', 'lmstudio', '--http', URL_IN, '--token', 'given-token'], { cwd: dir, env });
    expect(t.code, t.stderr).toBe(0);
    const file = path.join(dir, '.lmstudio', 'mcp.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers.gw.headers).toEqual({ Authorization: 'Bearer given-token' });
    expect(existsSync(file + '.bak')).toBe(false);
  });

  it('creates a Codex config.toml and a Goose config.yaml from nothing, and imports remote entries', async () => {
    const { dir, env } = tempHome();
    mkdirSync(path.join(dir, '.codex'));
    writeFileSync(
      path.join(dir, '.codex', 'config.toml'),
      '[mcp_servers.docs]\nurl = "https://docs.example/mcp"\nbearer_token_env_var = "DOCS_TOKEN"\nenv_http_headers = { "X-Org" = "ORG_ID" }\n',
    );
    const target = path.join(dir, 'gateway.json');
    const r = await runGw(['import', '--from', 'codex', '--config', target], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8')).mcpServers.docs).toEqual({
      type: 'http',
      url: 'https://docs.example/mcp',
      headers: { 'X-Org': '${ORG_ID}', Authorization: 'Bearer ${DOCS_TOKEN}' },
    });
    const goose = await runGw(['install', 'goose', '--npx', '--config', target], { cwd: dir, env });
    expect(goose.code, goose.stderr).toBe(0);
    const yamlText = readFileSync(path.join(dir, '.config', 'goose', 'config.yaml'), 'utf8');
    expect((parseYaml(yamlText) as { extensions: Record<string, Entry> }).extensions.gw).toMatchObject({ cmd: 'npx', args: ['-y', 'fast-mcp-gateway', 'serve', '--config', target] });
  });

  it('refuses a broken TOML or YAML file and leaves it unchanged', async () => {
    const { dir, env } = tempHome();
    const toml = path.join(dir, '.codex', 'config.toml');
    mkdirSync(path.dirname(toml), { recursive: true });
    writeFileSync(toml, 'model = \n');
    const r = await runGw(['install', 'codex', '--config', path.join(dir, 'g.json')], { cwd: dir, env });
    expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(/config\.toml: invalid TOML .*gw left it unchanged/)]);
    expect(readFileSync(toml, 'utf8')).toBe('model = \n');
    const yaml = path.join(dir, '.config', 'goose', 'config.yaml');
    mkdirSync(path.dirname(yaml), { recursive: true });
    writeFileSync(yaml, 'extensions: [\n');
    const y = await runGw(['install', 'goose', '--config', path.join(dir, 'g.json')], { cwd: dir, env });
    expect([y.code, y.stderr]).toEqual([1, expect.stringMatching(/config\.yaml: invalid YAML .* at line \d+:\d+; gw left it unchanged/)]);
    expect(existsSync(yaml + '.bak')).toBe(false);
  });
});
