// Security: `gw import` never echoes a client's literal secrets; it warns naming each one, and --env-refs stores
// `${VAR}` references in gateway.json instead, printing placeholder exports.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGw, tempHome } from '../helpers/gw.js';

const SECRETS = ['ghp_supersecret1', 'sk-live-secret2', 'hdr-secret3'];

function writeGemini(dir: string): void {
  mkdirSync(path.join(dir, '.gemini'));
  writeFileSync(
    path.join(dir, '.gemini', 'settings.json'),
    JSON.stringify({
      mcpServers: {
        github: { command: 'npx', args: ['-y', 'server-github'], env: { GITHUB_TOKEN: SECRETS[0], LOG_LEVEL: 'debug' } },
        search: { command: 'search-mcp', env: { API_KEY: SECRETS[1] } },
        docs: { httpUrl: 'https://docs.example/mcp', headers: { Authorization: `Bearer ${SECRETS[2]}`, Accept: 'application/json' } },
        // Gemini expands a bare $VAR too: a reference, not a secret.
        wiki: { command: 'wiki-mcp', env: { WIKI_TOKEN: '$WIKI_TOKEN' } },
      },
    }),
  );
}

describe('gw import and literal secrets', () => {
  it('warns naming each literal secret without printing any value', async () => {
    const { dir, env } = tempHome();
    writeGemini(dir);
    const file = path.join(dir, 'gateway.json');
    const r = await runGw(['import', '--from', 'gemini', '--config', file], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('github: env.GITHUB_TOKEN holds a literal secret');
    expect(r.stderr).toContain('search: env.API_KEY holds a literal secret');
    expect(r.stderr).toContain('docs: headers.Authorization holds a literal secret');
    expect(r.stderr).not.toContain('LOG_LEVEL');
    expect(r.stderr).not.toContain('wiki:');
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers.wiki.env).toEqual({ WIKI_TOKEN: '${WIKI_TOKEN}' });
    for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('--env-refs stores ${VAR} references, prints placeholder exports, and gateway.json holds no secret', async () => {
    const { dir, env } = tempHome();
    writeGemini(dir);
    const file = path.join(dir, 'gateway.json');
    const r = await runGw(['import', '--from', 'gemini', '--env-refs', '--config', file], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    for (const secret of SECRETS) expect(r.stdout + r.stderr + text).not.toContain(secret);
    const servers = JSON.parse(text).mcpServers;
    expect(servers.github.env).toEqual({ GITHUB_TOKEN: '${GITHUB_TOKEN}', LOG_LEVEL: 'debug' });
    expect(servers.search.env).toEqual({ API_KEY: '${API_KEY}' });
    expect(servers.docs).toEqual({ type: 'http', url: 'https://docs.example/mcp', headers: { Authorization: 'Bearer ${DOCS_TOKEN}', Accept: 'application/json' } });
    expect(r.stdout).toContain('stored 3 secrets as ${VAR} references; set them where the gateway runs:');
    expect(r.stdout).toContain('export GITHUB_TOKEN=<value of github env.GITHUB_TOKEN from gemini>');
    expect(r.stdout).toContain('export API_KEY=<value of search env.API_KEY from gemini>');
    expect(r.stdout).toContain('export DOCS_TOKEN=<value of docs headers.Authorization from gemini>');
    expect(r.stderr).not.toContain('holds a literal secret');
  });
});
