// gw serve and its config: strict validation with file/path/line:col, lookup, ${VAR} expansion, relative paths, enabled, the repo's own gateway.json.
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_BUILD, fixtureEntry, ROOT, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';

const FIXTURE = path.join(FIXTURES_BUILD, 'fixture.mjs');

// Runs `gw serve --config <file>` with the given text and expects it to refuse to start.
async function serveRejects(text: string) {
  const file = writeConfig(text);
  const result = await runGw(['serve', '--config', file]);
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(file);
  return result.stderr;
}

function cmdlines(pids: number[]): string[] {
  return pids.map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      return '';
    }
  });
}

describe('gw serve rejects invalid configs', () => {
  it('names the file, JSON path and line:col of an unknown key (a typo)', async () => {
    const stderr = await serveRejects(
      '{\n  "mcpServers": {\n    "fx": {\n      "comand": "node"\n    }\n  }\n}\n',
    );
    expect(stderr).toMatch(/mcpServers\.fx\.comand is not a known key.*\(line 4:7\)/);
  });

  it('gives line:col for a JSON syntax error', async () => {
    const stderr = await serveRejects('{\n  "mcpServers": {\n    "fx": { "command": "node", }\n  }\n}\n');
    expect(stderr).toContain('invalid JSON');
    expect(stderr).toContain('(line 3:32)');
  });

  it('rejects a group naming an unknown server and a server name with "_"', async () => {
    const stderr = await serveRejects(
      '{\n  "mcpServers": {\n    "my_server": { "command": "node" },\n    "ok": { "command": "node" }\n  },\n' +
        '  "groups": {\n    "dev": { "servers": ["ok", "nope"] }\n  }\n}\n',
    );
    expect(stderr).toMatch(/mcpServers\.my_server server name "my_server" is invalid.*\(line 3:5\)/);
    expect(stderr).toMatch(/groups\.dev\.servers\[1\] names server "nope".*known: ok.*\(line 7:32\)/);
  });

  it('exits non-zero for an unknown --group, listing the groups that exist', async () => {
    const file = writeConfig({
      mcpServers: { ok: fixtureEntry() },
      groups: { dev: { servers: ['ok'] }, ops: {} },
    });
    const result = await runGw(['serve', '--config', file, '--group', 'prod']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("unknown group 'prod'");
    expect(result.stderr).toContain('dev, ops');
  });

  it('says where it looked when there is no config', async () => {
    const dir = tempDir();
    const explicit = await runGw(['serve', '--config', path.join(dir, 'missing.json')]);
    expect(explicit.code).not.toBe(0);
    expect(explicit.stderr).toContain(`${path.join(dir, 'missing.json')} (--config)`);
    const looked = await runGw(['serve'], {
      cwd: dir,
      env: { GW_CONFIG: undefined, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg') },
    });
    expect(looked.code).not.toBe(0);
    expect(looked.stderr).toContain(path.join(dir, 'gateway.json'));
    expect(looked.stderr).toContain(path.join(dir, 'xdg', 'fast-gateway', 'gateway.json'));
    expect(looked.stderr).toContain('gw add');
  });
});

describe('gw serve config semantics', () => {
  it('expands ${VAR} and ${VAR:-default} from its environment, never logging or writing back the values', async () => {
    const config = {
      mcpServers: {
        fx: fixtureEntry('fixture.ts', {
          GREETING: 'hi ${GW_TEST_SECRET}',
          FALLBACK: '${GW_TEST_UNSET_VAR:-fallback-value}',
        }),
        needs: fixtureEntry('fixture.ts', { TOKEN: '${GW_TEST_MISSING_VAR}' }),
      },
    };
    const file = writeConfig(config);
    const before = readFileSync(file, 'utf8');
    const gw = await startGateway(config, { configPath: file, env: { GW_TEST_SECRET: 's3cr3t-value' } });
    await toolNames(gw.client, ['fx_env']);
    const greeting = await gw.client.callTool({ name: 'fx_env', arguments: { name: 'GREETING' } });
    expect(textOf(greeting)).toBe('hi s3cr3t-value');
    const fallback = await gw.client.callTool({ name: 'fx_env', arguments: { name: 'FALLBACK' } });
    expect(textOf(fallback)).toBe('fallback-value');

    // The server with an unset variable fails with a message naming it and the variable; the other keeps working.
    await waitFor(() =>
      gw
        .stderr()
        .split('\n')
        .some((l) => l.includes("'needs'") && l.includes('GW_TEST_MISSING_VAR')),
    );
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names.some((n) => n.startsWith('needs_'))).toBe(false);
    const again = await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 2 } });
    expect(textOf(again)).toBe('3');

    expect(gw.stderr()).not.toContain('s3cr3t-value');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('resolves relative args against the config file directory, not the working directory', async () => {
    const dir = tempDir();
    // `srv/fixture.mjs` (the bundled fixture) exists only beside the config; the gateway itself runs in the repo root.
    symlinkSync(FIXTURES_BUILD, path.join(dir, 'srv'));
    expect(existsSync(path.join(ROOT, 'srv'))).toBe(false);
    const config = {
      mcpServers: { rel: { command: process.execPath, args: ['srv/fixture.mjs'] } },
    };
    const gw = await startGateway(config, { configPath: writeConfig(config, dir) });
    await toolNames(gw.client, ['rel_echo']);
    const echo = await gw.client.callTool({ name: 'rel_echo', arguments: { text: 'relative ok' } });
    expect(textOf(echo)).toBe('relative ok');
  });

  it('resolves cwd against the config file directory and runs the server there', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
    // Only found from sub/deeper: neither from the config's directory nor from the gateway's.
    symlinkSync(FIXTURES_BUILD, path.join(dir, 'sub', 'deeper', 'srv'));
    const config = {
      mcpServers: {
        sub: { command: process.execPath, args: ['srv/fixture.mjs'], cwd: 'sub/deeper' },
      },
    };
    const gw = await startGateway(config, { configPath: writeConfig(config, dir) });
    await toolNames(gw.client, ['sub_echo']);
    const echo = await gw.client.callTool({ name: 'sub_echo', arguments: { text: 'cwd ok' } });
    expect(textOf(echo)).toBe('cwd ok');
  });

  it('does not start servers with "enabled": false', async () => {
    const entry = (marker: string, extra: Record<string, unknown> = {}) => ({
      command: process.execPath,
      args: [FIXTURE, marker],
      ...extra,
    });
    const gw = await startGateway({
      mcpServers: {
        on: entry('--gw-test-on-marker'),
        off: entry('--gw-test-off-marker', { enabled: false }),
      },
    });
    await toolNames(gw.client, ['on_echo']);
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names.some((n) => n.startsWith('off_'))).toBe(false);
    const running = cmdlines(gw.tree());
    expect(running.some((c) => c.includes('--gw-test-on-marker'))).toBe(true);
    expect(running.some((c) => c.includes('--gw-test-off-marker'))).toBe(false);
    expect(gw.stderr()).not.toContain('[off]');
    const call = await gw.client.callTool({ name: 'off_echo', arguments: { text: 'x' } });
    expect(call.isError).toBe(true);
  });

  it("serves the repo's own gateway.json: server-everything and server-memory", async () => {
    const state = tempDir();
    const memory = path.join(state, 'memory.jsonl');
    const gw = await startGateway(null, {
      configPath: path.join(ROOT, 'gateway.json'),
      env: { GW_STATE_DIR: state, GW_MEMORY_FILE: memory },
    });
    const names = await toolNames(
      gw.client,
      ['everything_echo', 'memory_create_entities', 'memory_read_graph'],
      30_000,
    );
    expect(names).not.toContain('everything_get-env'); // denied in the example
    const echo = await gw.client.callTool({
      name: 'everything_echo',
      arguments: { message: 'from the repo config' },
    });
    expect(textOf(echo)).toContain('from the repo config');
    const created = await gw.client.callTool({
      name: 'memory_create_entities',
      arguments: {
        entities: [{ name: 'gw-test', entityType: 'test', observations: ['written by serve-config'] }],
      },
    });
    expect(created.isError).toBeFalsy();
    await waitFor(
      () => existsSync(memory) && readFileSync(memory, 'utf8').includes('written by serve-config'),
    );
  });
});
