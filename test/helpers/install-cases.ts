// The MCP clients `gw install` writes, one case each: the file it keeps (with other settings, comments and one
// server `other` holding a literal secret), and the entries expected for stdio, HTTP and `gw import`.
import { parse as parseToml } from '@decimalturn/toml-patch';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';

export type Entry = Record<string, unknown>;
export const URL_IN = 'http://127.0.0.1:7400';
export const URL_OUT = 'http://127.0.0.1:7400/mcp/g/dev';

export interface Case {
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
export const PLACEHOLDER = '<paste the output of gw token>';

export const CASES: Case[] = [
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

export function parse(format: Case['format'], text: string): Record<string, unknown> {
  if (format === 'toml') return JSON.parse(JSON.stringify(parseToml(text))) as Record<string, unknown>;
  if (format === 'yaml') return parseYaml(text) as Record<string, unknown>;
  return parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
}

