// Why a server did not start, in words that point at the cause: a missing working directory, a script whose
// interpreter is missing, and the error line of a crash rather than the end of its stack trace.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, runGw, tempDir, writeConfig } from '../helpers/gw.js';

describe('gw test diagnoses start failures', () => {
  it('names a missing working directory and a script whose #! interpreter is missing', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'server.sh');
    writeFileSync(script, '#!/no/such/interpreter\necho hi\n');
    chmodSync(script, 0o755);
    const config = writeConfig({ mcpServers: { nocwd: { command: 'node', args: ['x.js'], cwd: '/no/such/dir' }, script: { command: './server.sh' } } }, dir);
    const added = await runGw(['add', 'later', '--config', config, '--cwd', '/no/such/dir', '--', 'node', 'x.js']);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('the working directory /no/such/dir does not exist');
    const nocwd = await runGw(['test', 'nocwd', '--config', config]);
    expect(nocwd.code).toBe(1);
    expect(nocwd.stdout + nocwd.stderr).toContain('working directory not found: /no/such/dir');
    const bad = await runGw(['test', 'script', '--config', config]);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/server\.sh exists but could not be started: .*#! line/);
  });

  it("shows the error line of a crash at start, not only the end of Node's stack trace", async () => {
    // Two tools of the same name make the fixture throw while starting.
    const config = writeConfig({ mcpServers: { dup: fixtureEntry('fixture.ts', { FIXTURE_TOOLS: 'echo' }) } });
    const r = await runGw(['test', 'dup', '--config', config], { timeout: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/exited with code 1: .*Tool echo is already registered/);
  });

  it('says what it is waiting for when a server is slow to start', async () => {
    const config = writeConfig({ mcpServers: { hangs: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'hang' }, { timeout: 5000 }) } });
    const r = await runGw(['tools', '--config', config], { timeout: 60_000 });
    expect(r.stderr).toContain('gw: waiting for hangs to start (up to 5.0 s)');
  });

  it('warns about a GW_LOG_LEVEL that is not a level', async () => {
    const config = writeConfig({ mcpServers: {} });
    const r = await runGw(['serve', '--config', config], { env: { GW_LOG_LEVEL: 'nope' }, input: '' });
    expect(r.stderr).toContain('GW_LOG_LEVEL=nope is not a level (debug, info, warn, error, silent); using info');
  });
});
