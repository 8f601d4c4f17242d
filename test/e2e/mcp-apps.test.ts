// MCP Apps through the gateway: two ext-apps servers that both ship ui://app/index.html, read back as a host would.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ReadResourceResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, toolNames } from '../helpers/gateway.js';

const UI = 'io.modelcontextprotocol/ui';
const config = {
  mcpServers: {
    alpha: fixtureEntry('apps.ts', { FIXTURE_NAME: 'alpha' }),
    beta: fixtureEntry('apps.ts', { FIXTURE_NAME: 'beta' }),
  },
  groups: { onlybeta: { servers: ['beta'] } },
};
// A host that renders apps declares the extension.
const host = { capabilities: { extensions: { [UI]: { mimeTypes: ['text/html;profile=mcp-app'] } } } };

type Meta = { ui?: { resourceUri?: string; csp?: unknown; visibility?: string[]; prefersBorder?: boolean }; 'ui/resourceUri'?: string };

async function htmlOf(client: Client, uri: string): Promise<{ text: string; result: ReadResourceResult }> {
  const result = await client.readResource({ uri });
  const first = result.contents[0] as { text?: string } | undefined;
  return { text: first?.text ?? '', result };
}

async function appTools(client: Client): Promise<Map<string, Tool>> {
  await toolNames(client, ['alpha_show', 'beta_show']);
  return new Map((await client.listTools()).tools.map((t) => [t.name, t]));
}

describe('MCP Apps', () => {
  it("offers the extension to a host that declares it, and each tool's app reads back from its own server", async () => {
    const gw = await startGateway(config, { clientOptions: host });
    const tools = await appTools(gw.client);
    const alpha = tools.get('alpha_show')?._meta as Meta;
    const beta = tools.get('beta_show')?._meta as Meta;
    // The scheme stays ui://; the server is the first segment; other _meta.ui fields are untouched.
    expect(alpha.ui?.resourceUri).toBe('ui://alpha/app/index.html');
    expect(alpha['ui/resourceUri']).toBe('ui://alpha/app/index.html');
    expect(beta.ui?.resourceUri).toBe('ui://beta/app/index.html');
    expect(alpha.ui?.csp).toEqual({ connectDomains: ['https://alpha.example'] });
    expect(alpha.ui?.prefersBorder).toBe(true);

    const listed = (await gw.client.listResources()).resources.map((r) => r.uri);
    expect(listed).toEqual(expect.arrayContaining(['ui://alpha/app/index.html', 'ui://beta/app/index.html']));
    const templates = (await gw.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['ui://alpha/app/pages/{page}', 'ui://beta/app/pages/{page}']));

    const a = await htmlOf(gw.client, alpha.ui?.resourceUri ?? '');
    const b = await htmlOf(gw.client, beta.ui?.resourceUri ?? '');
    expect(a.text).toBe('<html>alpha app</html>');
    expect(b.text).toBe('<html>beta app</html>');
    // The read result names the gateway's URI, its mime type and _meta.ui (CSP) as the server sent them.
    expect(a.result.contents[0]).toMatchObject({
      uri: 'ui://alpha/app/index.html',
      mimeType: 'text/html;profile=mcp-app',
      _meta: { ui: { csp: { connectDomains: ['https://alpha.example'] } } },
    });
    // Offered at initialize, while the upstreams were still starting (unknown counts as may offer).
    expect(gw.client.getServerCapabilities()?.extensions?.[UI]).toBeDefined();
  });

  it("rewrites a tool result's _meta, resource_link and embedded resource, and reads unlisted URIs back", async () => {
    const gw = await startGateway(config, { clientOptions: host });
    await appTools(gw.client);
    const result = await gw.client.callTool({ name: 'beta_show', arguments: {} });
    expect((result._meta as Meta).ui?.resourceUri).toBe('ui://beta/app/pages/result.html');
    const content = result.content as Array<{ type: string; uri?: string; resource?: { uri: string } }>;
    const link = content.find((c) => c.type === 'resource_link');
    const embedded = content.find((c) => c.type === 'resource');
    expect(link?.uri).toBe('ui://beta/app/pages/result.html');
    expect(embedded?.resource?.uri).toBe('ui://beta/app/pages/embedded.html');
    // Never listed (a template page), read from beta with beta's own URI.
    expect((await htmlOf(gw.client, link?.uri ?? '')).text).toBe('<html>beta page result.html</html>');
    expect((await htmlOf(gw.client, 'ui://alpha/app/pages/x.html')).text).toBe('<html>alpha page x.html</html>');
  });

  it('keeps app-only tools callable but out of search_tools, and describe_tool shows the scoped app URI', async () => {
    const gw = await startGateway(config, { clientOptions: host });
    const tools = await appTools(gw.client);
    expect((tools.get('alpha_refresh_dashboard')?._meta as Meta).ui?.visibility).toEqual(['app']);
    const called = await gw.client.callTool({ name: 'alpha_refresh_dashboard', arguments: {} });
    expect(called.content).toEqual([{ type: 'text', text: 'alpha refreshed' }]);
    const search = await gw.client.callTool({ name: 'search_tools', arguments: { query: 'dashboard', limit: 50 } });
    const names = (search.structuredContent as { results: Array<{ name: string }> }).results.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['alpha_show', 'beta_show']));
    expect(names).not.toContain('alpha_refresh_dashboard');
    const described = await gw.client.callTool({ name: 'describe_tool', arguments: { name: 'beta_show' } });
    expect((described.structuredContent as { _meta: Meta })._meta.ui?.resourceUri).toBe('ui://beta/app/index.html');
  });

  it('does not offer the extension to a client that does not declare it', async () => {
    const gw = await startGateway(config);
    await appTools(gw.client);
    expect(gw.client.getServerCapabilities()?.extensions?.[UI]).toBeUndefined();
  });
});
