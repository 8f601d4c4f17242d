// Status you can see from a client: the gateway_status tool (settings.statusTool) and the gateway://status resource.
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, toolNames, waitFor } from '../helpers/gateway.js';

interface Servers {
  servers: Array<{ name: string; state: string; toolCount: number; restarts: number; pid?: number }>;
}

const config = (statusTool: boolean) => ({
  mcpServers: {
    a: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'a' }),
    b: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'b' }),
  },
  settings: { statusTool },
});

describe('status from the client', () => {
  it('gateway_status lists both upstreams as ready with their tool counts', async () => {
    const gw = await startGateway(config(true));
    await toolNames(gw.client, ['gateway_status', 'a_echo', 'b_echo']);
    const report = await waitFor(async () => {
      const result = await gw.client.callTool({ name: 'gateway_status', arguments: {} });
      const data = result.structuredContent as unknown as Servers;
      return data.servers.every((s) => s.state === 'ready') ? data : undefined;
    });
    expect(report.servers.map((s) => s.name)).toEqual(['a', 'b']);
    for (const s of report.servers) {
      expect(s.toolCount).toBeGreaterThan(5);
      expect(s.restarts).toBe(0);
      expect(s.pid).toBeGreaterThan(0);
    }
  });

  it('gateway_status is off by default; the gateway://status resource is always readable', async () => {
    const gw = await startGateway(config(false));
    const names = await toolNames(gw.client, ['a_echo', 'b_echo']);
    expect(names).not.toContain('gateway_status');
    const { resources } = await gw.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('gateway://status');
    const report = await waitFor(async () => {
      const read = await gw.client.readResource({ uri: 'gateway://status' });
      const data = JSON.parse((read.contents[0] as { text: string }).text) as Servers;
      return data.servers.every((s) => s.state === 'ready') ? data : undefined;
    });
    expect(report.servers.map((s) => s.name).sort()).toEqual(['a', 'b']);
  });
});
