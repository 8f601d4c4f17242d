// The relay carries a 2025 client's calls to a 2026-07-28 stdio upstream (the v2 fixture server) when the client offers
// nothing the upstream could ask for mid-call: the upstream sees the relay's private ids ("gw~N") and the envelope its
// era needs, progress reaches the client under its own token, a cancel reaches the upstream's handler and frees the
// slot; a client that could be asked for input keeps the v2 client's path (integer ids).
import type { JSONRPCMessage, Progress } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';

const config = () => ({ mcpServers: { m: fixtureEntry('modern.ts', {}, { maxInFlight: 1, startTimeout: 60_000 }) }, settings: { stateDir: tempDir(), maxQueue: 0 } });
const startedIds = (stderr: string) => [...stderr.matchAll(/modern fixture: wait started \(request ([^)]+)\)/g)].map((m) => m[1]);

// As in protocol-eras.test.ts: the 2025 SDK client drops progress read in the same chunk as its result
// (modelcontextprotocol/typescript-sdk#2580), so responses are handed on one turn later.
function deliverResponsesLast(transport: { onmessage?: ((message: JSONRPCMessage) => void) | undefined }): void {
  const deliver = transport.onmessage;
  if (!deliver) throw new Error('connect the client first');
  transport.onmessage = (message) => ('method' in message ? deliver(message) : void setImmediate(() => deliver(message)));
}

describe('the relay to a 2026-07-28 stdio upstream', () => {
  it('relays progress under the client token, and a cancel that reaches the handler and frees the only slot', async () => {
    const gw = await startGateway(config());
    await toolNames(gw.client, ['m_count', 'm_wait']);
    deliverResponsesLast(gw.transport);
    const seen: Progress[] = [];
    const counted = await gw.client.callTool({ name: 'm_count', arguments: { n: 3 } }, undefined, { onprogress: (p) => void seen.push(p) });
    expect(textOf(counted)).toBe('counted 3');
    expect(seen.map((p) => [p.progress, p.total])).toEqual([[1, 3], [2, 3], [3, 3]]);

    const controller = new AbortController();
    const waiting = gw.client.callTool({ name: 'm_wait', arguments: {} }, undefined, { signal: controller.signal });
    const [id] = await waitFor(() => (startedIds(gw.stderr()).length > 0 ? startedIds(gw.stderr()) : undefined), 20_000);
    // The relay's private id: the v2 client counts integers.
    expect(id).toMatch(/^gw~\d+$/);
    controller.abort('user stopped it');
    await expect(waiting).rejects.toThrow();
    await waitFor(() => gw.stderr().includes('modern fixture: wait cancelled'), 20_000);
    // maxInFlight 1 and no queue: the next call finds the slot free again.
    expect(textOf(await gw.client.callTool({ name: 'm_echo', arguments: { text: 'after' } }))).toBe('after');
  });

  it('leaves the calls of a client that offers elicitation to the v2 client (input_required needs it)', async () => {
    const gw = await startGateway(config(), { clientOptions: { capabilities: { elicitation: {} } } });
    await toolNames(gw.client, ['m_wait']);
    const controller = new AbortController();
    const waiting = gw.client.callTool({ name: 'm_wait', arguments: {} }, undefined, { signal: controller.signal });
    const [id] = await waitFor(() => (startedIds(gw.stderr()).length > 0 ? startedIds(gw.stderr()) : undefined), 20_000);
    expect(id).toMatch(/^\d+$/);
    controller.abort('done');
    await expect(waiting).rejects.toThrow();
  });
});
