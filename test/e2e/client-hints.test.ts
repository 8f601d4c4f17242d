// End-to-end: policy reaches an SDK client as `_meta` hints on tools, and the gateway cuts results at maxResultChars.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGateway, toolNames } from '../helpers/gateway.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';

describe('client hints', () => {
  it('sets anthropic/* _meta from gateway.json and truncates a long result with a marker', async () => {
    const gw = await startGateway({
      mcpServers: {
        fx: fixtureEntry('fixture.ts', {}, {
          searchHint: 'fixture testing',
          tools: { echo: { alwaysLoad: true, searchHint: 'say again' }, big: { maxResultChars: 100 } },
        }),
      },
    });
    await toolNames(gw.client, ['fx_echo']);
    const { tools } = await gw.client.listTools();
    const meta = (name: string) => tools.find((t) => t.name === name)?._meta;
    expect(meta('fx_echo')).toMatchObject({ 'anthropic/alwaysLoad': true, 'anthropic/searchHint': 'say again' });
    expect(meta('fx_add')).toEqual({ 'anthropic/searchHint': 'fixture testing' });
    expect(meta('fx_big')).toMatchObject({ 'anthropic/maxResultSizeChars': 100 });

    const cut = (await gw.client.callTool({ name: 'fx_big', arguments: { bytes: 250 } })) as { content: Array<{ text: string }> };
    expect(cut.content[0]?.text).toBe('x'.repeat(100));
    expect(cut.content[1]?.text).toBe('[truncated by the gateway: 100 of 250 characters shown (maxResultChars in gateway.json)]');
    // At the limit nothing is cut.
    const exact = (await gw.client.callTool({ name: 'fx_big', arguments: { bytes: 100 } })) as { content: Array<{ text: string }> };
    expect(exact.content).toEqual([{ type: 'text', text: 'x'.repeat(100) }]);
  }, 60_000);

  it('hints searchHint from the server name and title by default, and alwaysLoad for the tools the pin plugin keeps loaded', async () => {
    const dir = tempDir();
    const gw = await startGateway({
      mcpServers: {
        titled: fixtureEntry('fixture.ts', { FIXTURE_TITLE: 'Invoice Desk' }),
        described: fixtureEntry('fixture.ts', {}, { description: 'Payments and refunds for the billing team' }),
        bare: fixtureEntry('fixture.ts'),
      },
      plugins: [{ module: 'fast-mcp-gateway/plugins/pin', options: { file: path.join(dir, 'lock.json'), alwaysLoad: ['titled_echo', 'bare_*'] } }],
    });
    await toolNames(gw.client, ['titled_echo', 'described_echo', 'bare_echo']);
    const { tools } = await gw.client.listTools();
    const meta = (name: string) => tools.find((t) => t.name === name)?._meta;
    expect(meta('titled_add')).toEqual({ 'anthropic/searchHint': 'titled: Invoice Desk' });
    expect(meta('described_add')).toEqual({ 'anthropic/searchHint': 'described: Payments and refunds for the billing team' });
    // Pinned (first use) and named by the plugin's alwaysLoad globs.
    expect(meta('titled_echo')).toEqual({ 'anthropic/searchHint': 'titled: Invoice Desk', 'anthropic/alwaysLoad': true });
    expect(meta('bare_add')).toEqual({ 'anthropic/searchHint': 'bare', 'anthropic/alwaysLoad': true });
    expect(meta('described_echo')?.['anthropic/alwaysLoad']).toBeUndefined();
  }, 60_000);
});
