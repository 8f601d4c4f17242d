// Server-scoped URIs as a boundary: a ui:// URI one server names is read from that server only, and a group session
// never reads a server outside its view, listed or not.
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, toolNames } from '../helpers/gateway.js';

const config = {
  mcpServers: {
    alpha: fixtureEntry('apps.ts', { FIXTURE_NAME: 'alpha' }),
    beta: fixtureEntry('apps.ts', { FIXTURE_NAME: 'beta' }),
  },
  groups: { onlybeta: { servers: ['beta'] } },
};
const host = { capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } } } };

describe('scoped URIs', () => {
  it("one server's URIs never reach another server", async () => {
    const gw = await startGateway(config, { clientOptions: host });
    await toolNames(gw.client, ['alpha_show', 'beta_show']);
    // beta names a URI that looks like alpha's: it is scoped to beta and read from beta (which has no such page).
    const result = await gw.client.callTool({ name: 'beta_show', arguments: { link: 'ui://alpha/app/index.html' } });
    const link = (result.content as Array<{ type: string; uri?: string }>).find((c) => c.type === 'resource_link');
    expect(link?.uri).toBe('ui://beta/alpha/app/index.html');
    await expect(gw.client.readResource({ uri: link?.uri ?? '' })).rejects.toThrow(/not found/i);
    // A group session never reads a server outside its view, listed or not.
    const grouped = await startGateway(config, { clientOptions: host, args: ['--group', 'onlybeta'] });
    await toolNames(grouped.client, ['beta_show']);
    await expect(grouped.client.readResource({ uri: 'ui://alpha/app/index.html' })).rejects.toThrow(/Resource not found/);
    expect((await grouped.client.readResource({ uri: 'ui://beta/app/index.html' })).contents[0]).toMatchObject({ text: '<html>beta app</html>' });
  });
});
