// Timeouts, progress and cancellation through the gateway: progress keeps a call alive up to maxTimeout, and a cancel reaches the upstream.
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { deliverResponsesLast, startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { lastCallId, loggedIds, tapTransport } from '../helpers/supervise.js';

// Client-side limits are generous so only the gateway's own timeouts can end a call.
const CLIENT = { timeout: 60_000, resetTimeoutOnProgress: true };

describe('timeouts and progress', () => {
  it('passes progress through with the client’s own token, and progress keeps a call alive past the server timeout', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { timeout: 2000, startTimeout: 60_000, maxTimeout: 30_000 }) },
    });
    await toolNames(gw.client, ['fx_sleep']);
    const tap = tapTransport(gw.transport);
    deliverResponsesLast(gw.transport);
    const seen: Progress[] = [];
    const result = await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 5000 } }, undefined, {
      ...CLIENT,
      onprogress: (p) => void seen.push(p),
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('slept 5000');
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.at(-1)?.total).toBe(5000);

    // On the wire: every progress notification carries the token this client chose (its request id), not the upstream's.
    const callId = lastCallId(tap, 'fx_sleep');
    const sent = tap.outgoing.find((m) => 'id' in m && m.id === callId) as {
      params: { _meta?: { progressToken?: unknown } };
    };
    const token = sent.params._meta?.progressToken;
    expect(token).toBeDefined();
    const progress = tap.incoming.filter((m) => 'method' in m && m.method === 'notifications/progress');
    expect(progress.length).toBe(seen.length);
    for (const m of progress)
      expect((m as unknown as { params: { progressToken: unknown } }).params.progressToken).toBe(token);
  });

  it('ends a call that keeps sending progress at maxTimeout, with an error naming the server', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { timeout: 2000, startTimeout: 60_000, maxTimeout: 5000 }) },
    });
    await toolNames(gw.client, ['fx_sleep']);
    let progress = 0;
    const result = await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 30_000 } }, undefined, {
      ...CLIENT,
      onprogress: () => void progress++,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("server 'fx'");
    expect(textOf(result)).toMatch(/within 5000 ms \(maxTimeout/);
    // It outlived the 2 s timeout thanks to progress, and was cut at the 5 s maximum (not the 30 s sleep).
    expect(progress).toBeGreaterThan(25);
    expect(progress).toBeLessThan(250);
    // The upstream is told to stop (it would otherwise keep working on a call nobody waits for).
    const sleepId = await waitFor(() => loggedIds(gw.stderr(), 'fx', 'sleep')[0]);
    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'cancelled').includes(sleepId));
  });

  it('times out a call without progress with an error naming server and timeout, and cancels it upstream', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry('fixture.ts', {}, { timeout: 3000, startTimeout: 60_000 }) } });
    await toolNames(gw.client, ['fx_sleep', 'fx_echo']);
    const result = await gw.client.callTool(
      { name: 'fx_sleep', arguments: { ms: 20_000 } },
      undefined,
      CLIENT,
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/server 'fx' did not answer 'sleep' within 3000 ms \(timeout\)/);
    // The upstream got notifications/cancelled for its own request id.
    const sleepId = await waitFor(() => loggedIds(gw.stderr(), 'fx', 'sleep')[0]);
    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'cancelled').includes(sleepId));
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'fine' } }))).toBe('fine');
  });
});

describe('cancellation', () => {
  it('forwards a client cancel to the upstream with the upstream’s request id, and a late upstream result never reaches the client', async () => {
    // ignore-cancel: the fixture logs the cancel but finishes anyway, so a late result really is sent to the gateway.
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'ignore-cancel' }) },
    });
    await toolNames(gw.client, ['fx_sleep', 'fx_echo']);
    // Two earlier calls, so the gateway's upstream ids and the client's ids differ.
    await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 1 } });
    await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 1 } });
    const tap = tapTransport(gw.transport);
    const controller = new AbortController();
    const call = gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 1500 } }, undefined, {
      ...CLIENT,
      signal: controller.signal,
    });
    const upstreamId = await waitFor(() => loggedIds(gw.stderr(), 'fx', 'sleep')[2]);
    const clientId = lastCallId(tap, 'fx_sleep');
    controller.abort(new Error('user pressed stop'));
    await expect(call).rejects.toThrow('user pressed stop');

    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'cancelled').includes(upstreamId));
    expect(tap.outgoing.some((m) => 'method' in m && m.method === 'notifications/cancelled')).toBe(true);
    // Let the upstream's late result arrive at the gateway, then check nothing for the cancelled id reached the client.
    await new Promise((r) => setTimeout(r, 3000));
    expect(tap.incoming.filter((m) => 'id' in m && m.id === clientId)).toEqual([]);
    const echo = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'still serving' } });
    expect(textOf(echo)).toBe('still serving');
  });

  it('a cancelled call frees its place: later calls to the same upstream are answered', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { maxInFlight: 1 }) },
      settings: { maxQueue: 0 },
    });
    await toolNames(gw.client, ['fx_sleep', 'fx_echo']);
    const controller = new AbortController();
    const call = gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 60_000 } }, undefined, {
      ...CLIENT,
      signal: controller.signal,
    });
    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'sleep').length === 1);
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'cancelled').length === 1);
    const echo = await waitFor(async () => {
      const r = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'next' } });
      return r.isError ? undefined : r;
    });
    expect(textOf(echo)).toBe('next');
  });
});
