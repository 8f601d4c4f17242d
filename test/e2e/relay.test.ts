// The relay (src/relay/) carries progress and cancellation between a client and a real stdio fixture: the upstream
// sees the relay's private ids ("gw~N"), the client sees only its own request ids and progress token.
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { deliverResponsesLast, startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { lastCallId, loggedIds, tapTransport } from '../helpers/supervise.js';

const CLIENT = { timeout: 60_000, resetTimeoutOnProgress: true };

describe('the relay', () => {
  it('maps the progress token both ways: the upstream gets a private one, the client gets its own back', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { startTimeout: 60_000 }) },
    });
    await toolNames(gw.client, ['fx_sleep']);
    const tap = tapTransport(gw.transport);
    deliverResponsesLast(gw.transport);
    const seen: Progress[] = [];
    const result = await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 450 } }, undefined, {
      ...CLIENT,
      onprogress: (p) => void seen.push(p),
    });
    expect(textOf(result)).toBe('slept 450');
    // The upstream was called by the relay (its private id), not by the SDK Client (which counts integers).
    expect(loggedIds(gw.stderr(), 'fx', 'sleep')[0]).toMatch(/^gw~\d+$/);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)?.total).toBe(450);
    const callId = lastCallId(tap, 'fx_sleep');
    const token = (
      tap.outgoing.find((m) => 'id' in m && m.id === callId) as {
        params: { _meta?: { progressToken?: unknown } };
      }
    ).params._meta?.progressToken;
    const progress = tap.incoming.filter((m) => 'method' in m && m.method === 'notifications/progress');
    expect(
      progress.map((m) => (m as unknown as { params: { progressToken: unknown } }).params.progressToken),
    ).toEqual(progress.map(() => token));
    // Every progress notification reached the client before the response.
    const responseAt = tap.incoming.findIndex((m) => 'id' in m && m.id === callId);
    expect(
      tap.incoming.findLastIndex((m) => 'method' in m && m.method === 'notifications/progress'),
    ).toBeLessThan(responseAt);
  });

  it("forwards the client's cancel of a call with progress under the private id, frees the slot, and relays the next call", async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { maxInFlight: 1, startTimeout: 60_000 }) },
      settings: { maxQueue: 0 },
    });
    await toolNames(gw.client, ['fx_sleep']);
    const controller = new AbortController();
    let progress = 0;
    const call = gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 60_000 } }, undefined, {
      ...CLIENT,
      signal: controller.signal,
      onprogress: () => void progress++,
    });
    const upstreamId = await waitFor(() => loggedIds(gw.stderr(), 'fx', 'sleep')[0]);
    expect(upstreamId).toMatch(/^gw~\d+$/);
    await waitFor(() => progress > 0);
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow('stop');
    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'cancelled').includes(upstreamId));
    // With one in-flight slot and no queue, this call is answered only if the cancel freed the slot.
    const next = await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 1 } }, undefined, CLIENT);
    expect(textOf(next)).toBe('slept 1');
    expect(loggedIds(gw.stderr(), 'fx', 'sleep')[1]).toMatch(/^gw~\d+$/);
  });
});
