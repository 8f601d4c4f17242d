// A first run (no cache yet): the first tools/list waits, bounded, for servers still starting, and search_tools says
// which servers are still starting instead of returning an empty list that reads as "no such tool".
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway } from '../helpers/gateway.js';

describe('first run without a cache', () => {
  it('answers the first tools/list once a server starting in 1.5 s is up, and names one still starting after 5 s', async () => {
    const gw = await startGateway({
      mcpServers: {
        soon: fixtureEntry('fixture.ts', { FIXTURE_START_DELAY: '1500' }),
        late: fixtureEntry('fixture.ts', { FIXTURE_START_DELAY: '12000' }),
      },
    });
    const started = Date.now();
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('soon_echo');
    expect(names).not.toContain('late_echo');
    expect(Date.now() - started).toBeLessThan(9000);
    const search = await gw.client.callTool({ name: 'search_tools', arguments: { query: 'echo' } });
    const result = search.structuredContent as { results: Array<{ name: string }>; starting?: string[]; note?: string };
    expect(result.results.map((r) => r.name)).toContain('soon_echo');
    expect(result.starting).toEqual(['late']);
    expect(result.note).toContain('still starting');
  });
});
