// End-to-end: policy reaches an SDK client as `_meta` hints on tools, and the gateway cuts results at maxResultChars.
import { describe, expect, it } from 'vitest';
import { startGateway, toolNames } from '../helpers/gateway.js';
import { fixtureEntry } from '../helpers/gw.js';

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
});
