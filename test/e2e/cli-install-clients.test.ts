// End-to-end: `gw install CLIENT` writes each file format (JSON/JSONC, TOML, YAML) into a file that already holds
// other settings and comments, keeps them, backs up, is idempotent, prints without writing, writes the HTTP entry;
// `gw import --from CLIENT` reads the same file back. One client per format runs here as a process; every client's
// own entries, paths and file edits are checked in-process by test/cli/clients/install-entries.test.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GW_BIN, runGw, tempDir, tempHome, writeConfig } from '../helpers/gw.js';
import { CASES, PLACEHOLDER, URL_IN, parse, type Entry } from '../helpers/install-cases.js';

// JSON with a placeholder header (no env syntax), TOML, YAML.
const BY_PROCESS = CASES.filter((c) => ['lmstudio', 'codex', 'goose'].includes(c.client));

describe.each(BY_PROCESS)('gw install $client', (c) => {
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
