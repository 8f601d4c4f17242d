// The catalog follows an upstream at once: a call read in the same turn as the upstream's lists (before the change
// burst is flushed to clients) must find its tools, not get "Unknown tool" from a server that is already ready.
import { onTestFinished, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse.js';
import { openGateway } from '../../src/gateway.js';
import { SILENT_LOGGER } from '../../src/log.js';
import { createResourceRouter } from '../../src/server/resources.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';

describe('the catalog after an upstream becomes ready', () => {
  it('has its tools as soon as pool.ready resolves, with no turn of the event loop in between', async () => {
    const dir = tempDir();
    const config = parseConfigText(JSON.stringify({ mcpServers: { a: fixtureEntry() } }), {
      file: `${dir}/gateway.json`,
      stateDir: dir,
    });
    const gateway = await openGateway({ config, log: SILENT_LOGGER, retry: false });
    onTestFinished(() => gateway.close());
    await gateway.prepare();
    // The view is built (and cached) while the server is still starting: nothing is known of it yet.
    expect(gateway.view().byName.has('a_echo')).toBe(false);
    void gateway.start();
    // ready resolves in the microtasks after the upstream's lists came in: before the burst's flush, which runs on
    // the next turn (setImmediate).
    await gateway.pool.ready('a', { timeoutMs: 120_000 });
    expect(gateway.view().byName.has('a_echo')).toBe(true);
  });

  it("routes a read of the server's resources as soon as pool.ready resolves", async () => {
    const dir = tempDir();
    const config = parseConfigText(JSON.stringify({ mcpServers: { r: fixtureEntry('resources.ts') } }), {
      file: `${dir}/gateway.json`,
      stateDir: dir,
    });
    const gateway = await openGateway({ config, log: SILENT_LOGGER, retry: false });
    onTestFinished(() => gateway.close());
    await gateway.prepare();
    const router = createResourceRouter(gateway, {
      id: 's',
      group: undefined,
      client: { name: 'test', version: '1' },
      capabilities: {},
      elicit: () => Promise.reject(new Error('no elicitation here')),
    });
    // Built (and kept) while the server starts.
    expect(router.owner('fixture://a')).toBeUndefined();
    void gateway.start();
    await gateway.pool.ready('r', { timeoutMs: 120_000 });
    expect(router.owner('fixture://a')).toBe('r');
    expect(router.owner('fixture://item/7')).toBe('r');
  });
});
