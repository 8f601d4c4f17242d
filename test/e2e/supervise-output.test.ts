// Misbehaving upstream output: garbage on stdout, oversized messages and notification floods do not hurt the session.
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { linesOf } from '../helpers/supervise.js';

describe('misbehaving upstream output', () => {
  it('drops and logs non-JSON lines on stdout; calls keep working', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'garbage' }) },
    });
    await toolNames(gw.client, ['fx_echo']);
    const echo = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'through the noise' } });
    expect(echo.isError).toBeFalsy();
    expect(textOf(echo)).toBe('through the noise');
    await waitFor(() =>
      linesOf(gw.stderr(), 'fx').some((l) =>
        l.includes('dropped a non-JSON-RPC line on stdout: this is not json'),
      ),
    );
    // The line written after connecting is dropped too, without ending the session.
    await waitFor(() => linesOf(gw.stderr(), 'fx').some((l) => l.includes('this is not json either')));
    expect(textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 2 } }))).toBe('3');
  });

  it('fails a call whose result is over settings.maxMessageBytes, naming the limit; the next call works', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry() },
      settings: { maxMessageBytes: 100_000 },
    });
    await toolNames(gw.client, ['fx_big', 'fx_echo']);
    const small = await gw.client.callTool({ name: 'fx_big', arguments: { bytes: 1000 } });
    expect(textOf(small)).toBe('x'.repeat(1000));
    const huge = await gw.client.callTool({ name: 'fx_big', arguments: { bytes: 5_000_000 } });
    expect(huge.isError).toBe(true);
    expect(textOf(huge)).toContain("server 'fx'");
    expect(textOf(huge)).toContain('100000 bytes');
    expect(textOf(huge)).toContain('maxMessageBytes');
    const next = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'small again' } });
    expect(textOf(next)).toBe('small again');
  });

  it('passes large results on whole in both SDK key orders, concurrently with small calls, each under its own id', async () => {
    const gw = await startGateway({
      mcpServers: { ts: fixtureEntry(), py: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'py', FIXTURE_MODE: 'id-first' }) },
    });
    await toolNames(gw.client, ['ts_big', 'py_big', 'ts_echo']);
    const sizes = [300_000, 2_000_000, 5_000_000];
    const calls = sizes.flatMap((bytes) => [
      gw.client.callTool({ name: 'ts_big', arguments: { bytes } }),
      gw.client.callTool({ name: 'py_big', arguments: { bytes: bytes + 1 } }),
      gw.client.callTool({ name: 'ts_echo', arguments: { text: `between ${bytes}` } }),
    ]);
    const results = await Promise.all(calls);
    sizes.forEach((bytes, i) => {
      expect(textOf(results[3 * i]!)).toBe('x'.repeat(bytes));
      expect(textOf(results[3 * i + 1]!)).toBe('x'.repeat(bytes + 1));
      expect(textOf(results[3 * i + 2]!)).toBe(`between ${bytes}`);
    });
    // A large error result keeps its isError flag.
    const failed = await gw.client.callTool({ name: 'py_fail', arguments: { message: 'e'.repeat(400_000) } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain('e'.repeat(400_000));
  });

  it('a flood of 20000 notifications does not starve a concurrent call', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry(), ok: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ok' }) },
    });
    await toolNames(gw.client, ['fx_flood', 'fx_echo', 'ok_echo']);
    let floodDone = false;
    const flood = gw.client
      .callTool({ name: 'fx_flood', arguments: { count: 20_000 } }, undefined, { timeout: 120_000 })
      .finally(() => (floodDone = true));
    // Calls to the flooding server and to another one are answered while the flood goes on.
    const [same, other] = await Promise.all([
      gw.client.callTool({ name: 'fx_echo', arguments: { text: 'same server' } }),
      gw.client.callTool({ name: 'ok_echo', arguments: { text: 'other server' } }),
    ]);
    expect(textOf(same)).toBe('same server');
    expect(textOf(other)).toBe('other server');
    const floodAnsweredFirst = floodDone;
    expect(textOf(await flood)).toBe('flooded 20000');
    expect(floodAnsweredFirst).toBe(false);
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'after' } }))).toBe('after');
  }, 120_000);
});
