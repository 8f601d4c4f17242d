// Isolation and concurrency: a crash fails only the calls in flight on that upstream; many concurrent calls never mix up; a full queue says busy.
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { loggedIds } from '../helpers/supervise.js';

describe('isolation between upstreams', () => {
  it('a crash mid-call fails only the calls in flight on that server, promptly and naming it; the other server is untouched', async () => {
    const gw = await startGateway({
      mcpServers: {
        fx: fixtureEntry('fixture.ts', {}, { timeout: 60_000 }),
        ok: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ok' }),
      },
    });
    await toolNames(gw.client, ['fx_sleep', 'fx_crash', 'ok_echo', 'ok_sleep']);
    // Three long calls in flight on fx (they would take 30 s, and the timeout is 60 s).
    const sleeps = [1, 2, 3].map(() => gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 30_000 } }));
    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'sleep').length >= 3);

    const started = Date.now();
    const others = [
      ...Array.from({ length: 50 }, (_, i) =>
        gw.client.callTool({ name: 'ok_echo', arguments: { text: `other ${i}` } }),
      ),
      gw.client.callTool({ name: 'ok_sleep', arguments: { ms: 1500 } }),
    ];
    const crash = gw.client.callTool({ name: 'fx_crash', arguments: { code: 4 } });
    const failed = await Promise.all([...sleeps, crash]);
    const elapsed = Date.now() - started;
    for (const result of failed) {
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("server 'fx'");
      expect(textOf(result)).toMatch(/closed the connection|exited with code 4/);
    }
    // Far below the 30 s the sleeps needed and the 60 s timeout: the exit itself failed them.
    expect(elapsed).toBeLessThan(15_000);

    const results = await Promise.all(others);
    results.slice(0, 50).forEach((r, i) => expect(textOf(r)).toBe(`other ${i}`));
    expect(textOf(results[50])).toBe('slept 1500');
    expect(results.every((r) => !r.isError)).toBe(true);
  });
});

describe('concurrency', () => {
  it('1000 concurrent calls over two upstreams each get their own answer', async () => {
    const gw = await startGateway({
      mcpServers: {
        a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }),
        b: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'b' }),
      },
    });
    await toolNames(gw.client, ['a_echo', 'b_echo']);
    const texts = Array.from(
      { length: 1000 },
      (_, i) => `${i % 2 ? 'a' : 'b'}-${i}-${Math.random().toString(36).slice(2)}`,
    );
    const results = await Promise.all(
      texts.map((text, i) =>
        gw.client.callTool({ name: i % 2 ? 'a_echo' : 'b_echo', arguments: { text } }, undefined, {
          timeout: 120_000,
        }),
      ),
    );
    const wrong = results.map((r, i) => (r.isError || textOf(r) !== texts[i] ? i : -1)).filter((i) => i >= 0);
    expect(wrong).toEqual([]);
    expect(results.map((r) => (r.structuredContent as { text: string }).text)).toEqual(texts);
    // Back-pressure on the upstreams' stdin is handled without piling up listeners.
    expect(gw.stderr()).not.toContain('MaxListenersExceededWarning');
  }, 120_000);

  it('bounds calls in flight per upstream and answers a full queue with a clear busy error', async () => {
    const gw = await startGateway({
      mcpServers: {
        fx: fixtureEntry('fixture.ts', {}, { maxInFlight: 2 }),
        ok: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ok' }),
      },
      settings: { maxQueue: 5 },
    });
    await toolNames(gw.client, ['fx_sleep', 'ok_echo']);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 1500 } }, undefined, { timeout: 60_000 }),
      ),
    );
    const busy = results.filter((r) => r.isError);
    const done = results.filter((r) => !r.isError);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) expect(textOf(r)).toMatch(/server 'fx' is busy: 2 calls in flight and 5 queued/);
    // At least the two in flight and the five queued complete.
    expect(done.length).toBeGreaterThanOrEqual(7);
    for (const r of done) expect(textOf(r)).toBe('slept 1500');
    // Rejected calls never reached the upstream; only admitted ones did.
    expect(loggedIds(gw.stderr(), 'fx', 'sleep').length).toBe(done.length);
    // Another server is unaffected by fx's full queue, and fx accepts calls again once drained.
    expect(textOf(await gw.client.callTool({ name: 'ok_echo', arguments: { text: 'free' } }))).toBe('free');
    expect(textOf(await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 10 } }))).toBe('slept 10');
  }, 60_000);
});
