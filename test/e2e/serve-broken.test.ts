// A broken upstream (missing command, exits at once, never answers initialize, crashes mid-call) never blocks or breaks a healthy one.
import { describe, expect, it, onTestFailed } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';

const healthy = () => fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ok' });

// The log lines of one server (the logger prefixes them with `[name]`).
function linesOf(stderr: string, server: string): string[] {
  return stderr.split('\n').filter((l) => l.includes(`[${server}]`));
}

describe('gw serve with broken upstreams', () => {
  it('serves the healthy server and logs why each broken one failed', async () => {
    const gw = await startGateway({
      mcpServers: {
        missing: { command: 'gw-test-no-such-command-4711', args: [] },
        exits: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'exit' }),
        hangs: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'hang' }, { timeout: 1500 }),
        ok: healthy(),
      },
    });
    const names = await toolNames(gw.client, ['ok_echo', 'ok_add']);
    expect(names.some((n) => /^(missing|exits|hangs)_/.test(n))).toBe(false);
    const sum = await gw.client.callTool({ name: 'ok_add', arguments: { a: 20, b: 22 } });
    expect(sum.isError).toBeFalsy();
    expect(textOf(sum)).toBe('42');

    await waitFor(() => linesOf(gw.stderr(), 'missing').some((l) => l.includes('command not found')));
    await waitFor(() => linesOf(gw.stderr(), 'exits').some((l) => l.includes('exited with code 3')));
    await waitFor(() => linesOf(gw.stderr(), 'hangs').some((l) => l.includes('no answer to initialize')));
    // The exiting server's own stderr is part of the reason.
    expect(linesOf(gw.stderr(), 'exits').join('\n')).toContain('exiting on purpose');

    // Still healthy after the broken ones were retried in the background.
    const echo = await gw.client.callTool({ name: 'ok_echo', arguments: { text: 'still here' } });
    expect(textOf(echo)).toBe('still here');
  });

  it('does not wait for a server that never answers initialize before serving the others', async () => {
    // The hung server's timeout (60 s) is far longer than the time the healthy one may take to be usable.
    const gw = await startGateway({
      mcpServers: {
        hangs: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'hang' }, { timeout: 60_000 }),
        ok: healthy(),
      },
    });
    const started = Date.now();
    await toolNames(gw.client, ['ok_echo']);
    const echo = await gw.client.callTool({ name: 'ok_echo', arguments: { text: 'prompt' } });
    expect(textOf(echo)).toBe('prompt');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(linesOf(gw.stderr(), 'hangs').some((l) => l.includes('no answer'))).toBe(false);
  });

  it('answers a call meant for a server that never starts with an isError result once its timeout passed', async () => {
    const gw = await startGateway({
      mcpServers: {
        hangs: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'hang' }, { timeout: 2000 }),
        ok: healthy(),
      },
    });
    await toolNames(gw.client, ['ok_echo']);
    const call = await gw.client.callTool({ name: 'hangs_echo', arguments: { text: 'x' } });
    expect(call.isError).toBe(true);
    expect(textOf(call)).toContain('hangs_echo');
  });

  it('says why a tool is unknown when its server has failed: the server, its state and its last error', async () => {
    const gw = await startGateway({ mcpServers: { bad: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'exit' }), ok: healthy() } });
    onTestFailed(() => console.log('STDERR', gw.stderr()));
    await toolNames(gw.client, ['ok_echo']);
    await waitFor(() => linesOf(gw.stderr(), 'bad').some((l) => l.includes('failed: exited with code 3')), 25_000);
    const call = await gw.client.callTool({ name: 'bad_echo', arguments: { text: 'x' } });
    expect(call.isError).toBe(true);
    expect(textOf(call)).toMatch(/Unknown tool: 'bad_echo' \(server 'bad' is failed: exited with code 3: .*exiting on purpose\)/);
  });

  it('fails only the call during which an upstream crashed, naming the server; the other upstream keeps working', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { timeout: 30_000 }), ok: healthy() },
    });
    await toolNames(gw.client, ['fx_crash', 'ok_echo']);
    const started = Date.now();
    const [crashed, concurrent] = await Promise.all([
      gw.client.callTool({ name: 'fx_crash', arguments: { code: 7 } }),
      gw.client.callTool({ name: 'ok_echo', arguments: { text: 'alongside' } }),
    ]);
    // Well before the 30 s call timeout: the gateway noticed the exit instead of waiting for an answer.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(crashed.isError).toBe(true);
    expect(textOf(crashed)).toContain("server 'fx'");
    expect(textOf(concurrent)).toBe('alongside');

    const after = await gw.client.callTool({ name: 'ok_echo', arguments: { text: 'after' } });
    expect(after.isError).toBeFalsy();
    expect(textOf(after)).toBe('after');
    await waitFor(() => linesOf(gw.stderr(), 'fx').some((l) => l.includes('exited with code 7')));
  });
});
