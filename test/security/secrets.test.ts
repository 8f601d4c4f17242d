// Secrets never leak: a ${VAR} value an upstream prints when it fails is masked in the log, the status file, `gw status`,
// gateway://status, the gateway_status tool and HTTP /status; the state directory is 0700 and every file in it 0600.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/upstream/process-tree.js';
import { fixtureEntry, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway } from '../helpers/http.js';

const SECRET = `sk-live-${process.pid}-Zq8Xw3Vb7Nk2`;
const CONFIG = {
  mcpServers: {
    leaky: fixtureEntry('fixture.ts', { API_KEY: '${SECRET_KEY}', FIXTURE_LEAK_ENV: 'API_KEY' }),
    ok: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ok' }),
  },
  settings: { statusTool: true },
};
const LEAK = 'fatal: bad api key ***';

// Every directory under root with its mode, and every file.
function modes(root: string): { dirs: Map<string, number>; files: Map<string, number> } {
  const dirs = new Map<string, number>();
  const files = new Map<string, number>();
  const walk = (dir: string) => {
    dirs.set(dir, statSync(dir).mode & 0o777);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(full, statSync(full).mode & 0o777);
    }
  };
  walk(root);
  return { dirs, files };
}

function expectPrivate(stateDir: string): void {
  const { dirs, files } = modes(stateDir);
  for (const [dir, mode] of dirs) expect([dir, mode.toString(8)]).toEqual([dir, '700']);
  for (const [file, mode] of files) expect([file, mode.toString(8)]).toEqual([file, '600']);
}

describe('secrets', () => {
  it('masks a key an upstream prints on failure everywhere over stdio, and keeps the state directory private', async () => {
    const gw = await startGateway(CONFIG, { env: { SECRET_KEY: SECRET } });
    const stateDir = path.join(path.dirname(gw.configPath), '.fast-gateway');
    // What the upstream printed reached the gateway (masked), so every check below looks at real failure text.
    const status = await waitFor(async () => {
      const read = await gw.client.readResource({ uri: 'gateway://status' });
      const text = (read.contents[0] as { text: string }).text;
      return text.includes(LEAK) ? text : undefined;
    }, 20_000);
    expect(status).not.toContain(SECRET);
    const tool = JSON.stringify(await gw.client.callTool({ name: 'gateway_status', arguments: {} }));
    expect(tool).toContain(LEAK);
    expect(tool).not.toContain(SECRET);

    const statusFile = path.join(stateDir, 'status', `${gw.pid}.json`);
    const fileText = await waitFor(() => {
      const text = readFileSync(statusFile, 'utf8');
      return text.includes(LEAK) ? text : undefined;
    });
    expect(fileText).not.toContain(SECRET);
    const table = await runGw(['status', '--config', gw.configPath]);
    expect(table.stdout).toContain(LEAK);
    const json = await runGw(['status', '--json', '--config', gw.configPath]);
    expect(json.stdout).toContain(LEAK);
    for (const out of [table, json]) expect(out.stdout + out.stderr).not.toContain(SECRET);

    await waitFor(() => gw.stderr().includes(LEAK));
    expect(gw.stderr()).not.toContain(SECRET);

    // The tool-list cache and the child records are written once the other upstream is up.
    await toolNames(gw.client, ['ok_echo']);
    await waitFor(() => readdirSync(stateDir).includes('catalog-cache.json') && readdirSync(path.join(stateDir, 'children')).length > 0);
    expectPrivate(stateDir);
    await gw.close();
    await waitFor(() => !isAlive(gw.pid), 10_000);
    expect(gw.stderr()).not.toContain(SECRET);
    expectPrivate(stateDir);
  });

  it('narrows a state directory an earlier version created 0755', async () => {
    const dir = tempDir();
    const stateDir = path.join(dir, '.fast-gateway');
    mkdirSync(stateDir, { mode: 0o755 });
    const config = { mcpServers: { ok: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ok' }) } };
    const gw = await startGateway(config, { configPath: writeConfig(config, dir) });
    await toolNames(gw.client, ['ok_echo']);
    await waitFor(() => readdirSync(stateDir).includes('catalog-cache.json'));
    expectPrivate(stateDir);
  });

  it('masks the key in HTTP /status and the log over HTTP', async () => {
    const gw = await startHttpGateway(CONFIG, { env: { SECRET_KEY: SECRET } });
    const body = await waitFor(async () => {
      const text = await (await gw.fetch('/status')).text();
      return text.includes(LEAK) ? text : undefined;
    }, 20_000);
    expect(body).not.toContain(SECRET);
    await waitFor(() => gw.stderr().includes(LEAK));
    expect(gw.stderr()).not.toContain(SECRET);
  });
});
