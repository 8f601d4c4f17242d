// Remote upstreams over Streamable HTTP (here a real `gw serve --http` in front of a fixture): calls, a remote that goes
// away and comes back on the same port (also after its retries ran out), and credentials it refuses.
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { deliverResponsesLast, startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway, TOKEN } from '../helpers/http.js';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';

function stop(pid: number): void {
  for (const p of [pid, ...listDescendants(pid)]) if (isAlive(p)) killTreeSync(p);
}

describe('remote upstreams', () => {
  it('calls a Streamable HTTP upstream; when it goes away calls fail naming it, and when it is back the gateway reconnects', async () => {
    const remote = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } });
    const entry = { url: `${remote.base}/mcp`, headers: { Authorization: `Bearer ${TOKEN}` } };
    const gw = await startGateway({ mcpServers: { remote: entry } });
    await toolNames(gw.client, ['remote_fx_echo']);
    expect(textOf(await gw.client.callTool({ name: 'remote_fx_echo', arguments: { text: 'over http' } }))).toBe('over http');

    stop(remote.pid);
    const failed = await gw.client.callTool({ name: 'remote_fx_echo', arguments: { text: 'nobody there' } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain("'remote'");

    // Same port, new process: its sessions are new, so the gateway has to open a new one.
    await startHttpGateway({ mcpServers: { fx: fixtureEntry() } }, { port: remote.port });
    const back = await waitFor(async () => {
      const r = await gw.client.callTool({ name: 'remote_fx_echo', arguments: { text: 'back again' } });
      return r.isError ? undefined : r;
    }, 20_000);
    await waitFor(() => /\[remote\] disconnected: /.test(gw.stderr()));
    expect(textOf(back)).toBe('back again');
  });

  it('tries a remote server that ran out of retries again, and its tools come back with list_changed', async () => {
    const remote = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } });
    const entry = { url: `${remote.base}/mcp`, headers: { Authorization: `Bearer ${TOKEN}` } };
    const gw = await startGateway({ mcpServers: { remote: entry } });
    await toolNames(gw.client, ['remote_fx_echo']);
    let changed = 0;
    gw.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);

    stop(remote.pid);
    // A call finds it gone; the retries (GW_BACKOFF_BASE_MS=200 in the helper) run out while nothing listens.
    expect((await gw.client.callTool({ name: 'remote_fx_echo', arguments: { text: 'gone' } })).isError).toBe(true);
    await waitFor(() => /\[remote\] failed: .*gave up after 5 attempts; trying again every 6 s/.test(gw.stderr()));
    expect((await gw.client.listTools()).tools.map((t) => t.name)).not.toContain('remote_fx_echo');
    const before = changed;

    await startHttpGateway({ mcpServers: { fx: fixtureEntry() } }, { port: remote.port });
    await waitFor(async () => (await gw.client.listTools()).tools.some((t) => t.name === 'remote_fx_echo'));
    // The listing is fresh as soon as the server is back; its list_changed follows on the gateway's next turn.
    await waitFor(() => changed > before);
    expect(textOf(await gw.client.callTool({ name: 'remote_fx_echo', arguments: { text: 'back' } }))).toBe('back');
    // One "failed" line: the probes that found nobody there said nothing more.
    expect(gw.stderr().match(/\[remote\] failed: /g)).toHaveLength(1);
  });

  it('calls a legacy SSE upstream ("type": "sse"), with progress notifications relayed', async () => {
    const remote = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } });
    const gw = await startGateway({ mcpServers: { old: { type: 'sse', url: `${remote.base}/sse`, headers: { Authorization: `Bearer ${TOKEN}` } } } });
    await toolNames(gw.client, ['old_fx_echo', 'old_fx_sleep']);
    expect(textOf(await gw.client.callTool({ name: 'old_fx_echo', arguments: { text: 'over sse' } }))).toBe('over sse');
    // Progress read in one chunk with its result is dropped by the 2025 SDK client (#2580): here by the test client
    // unless it hands responses on last, and by the gateway's own SSE client, so the call runs long enough that a
    // loaded machine still reads some of its progress ahead of the result.
    deliverResponsesLast(gw.transport);
    const progress: number[] = [];
    const slept = await gw.client.callTool({ name: 'old_fx_sleep', arguments: { ms: 1500 } }, undefined, { onprogress: (p) => void progress.push(p.progress) });
    expect(textOf(slept)).toBe('slept 1500');
    expect(progress.length).toBeGreaterThan(0);
  });

  it('does not retry an upstream that answers 401, and says to fix the credentials', async () => {
    const remote = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } });
    const gw = await startGateway({ mcpServers: { remote: { url: `${remote.base}/mcp`, headers: { Authorization: 'Bearer wrong' } } } });
    await waitFor(() => gw.stderr().includes('authentication failed'), 20_000);
    expect(gw.stderr()).toMatch(/remote.*HTTP 401 \(authentication failed: check the headers or token\)/);
    const status = await gw.client.readResource({ uri: 'gateway://status' });
    const servers = JSON.parse((status.contents[0] as { text: string }).text).servers as Array<{ name: string; state: string; lastError?: string }>;
    expect(servers).toEqual([expect.objectContaining({ name: 'remote', state: 'failed', lastError: expect.stringContaining('HTTP 401') })]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(gw.stderr()).not.toContain('retrying');
  });
});
