// What a container needs: config and token from the environment with the config directory left untouched (a read-only
// mount), JSON logs on stderr, /healthz and /readyz without a token, and the --ready policy.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';
import { fixtureEntry, GW_BIN, ROOT, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { waitFor } from '../helpers/gateway.js';

const TOKEN = 'container-token-0123456789abcdef0123456789';

describe('gw serve --http in a container', () => {
  it('takes GW_CONFIG and GW_TOKEN, writes nothing beside the config, logs JSON lines, and answers /readyz per --ready', async () => {
    const configDir = tempDir('gw-ro-config-');
    const configPath = writeConfig({ mcpServers: { fx: fixtureEntry() } }, configDir);
    const stateDir = tempDir('gw-state-');
    const proc = execa(process.execPath, [GW_BIN, 'serve', '--http', '--port', '0', '--ready', 'all', '--log-format', 'json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: tempDir('gw-home-'), GW_CONFIG: configPath, GW_TOKEN: TOKEN, GW_STATE_DIR: stateDir },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      buffer: false,
    });
    const pid = proc.pid as number;
    onTestFinished(() => [pid, ...listDescendants(pid)].filter(isAlive).forEach((p) => killTreeSync(p)));
    let stderr = '';
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const base = await waitFor(() => /listening on (http:\/\/[^/"\s]+)\/mcp/.exec(stderr)?.[1], 20_000);

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 20_000);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true, policy: 'all', draining: false, upstreams: { ready: 1, total: 1 } });
    expect((await fetch(`${base}/status`)).status).toBe(401);
    expect((await fetch(`${base}/status`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    process.kill(pid, 'SIGTERM');
    expect((await proc).exitCode).toBe(0);
    // Only the config file is in its directory: state went to GW_STATE_DIR.
    expect(readdirSync(configDir)).toEqual([path.basename(configPath)]);
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(JSON.parse(line)).toEqual(expect.objectContaining({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) }));
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('shutting down (SIGTERM)');
    expect(stderr).not.toContain(TOKEN);
  });

  it('refuses an unknown --ready policy or log format with a usage error', async () => {
    const config = writeConfig({ mcpServers: {} });
    const ready = await runGw(['serve', '--http', '--ready', 'most', '--config', config]);
    expect(ready.code).toBe(2);
    expect(ready.stderr).toMatch(/--ready must be one of any, all, none/);
    const format = await runGw(['serve', '--log-format', 'xml', '--config', config]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--log-format must be one of text, json/);
  });
});
