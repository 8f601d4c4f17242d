// What a 2025 client gets from a 2026-07-28 upstream beyond tools, through the real `gw` binary: resource subscriptions
// carried by the upstream's subscriptions/listen filter, completions, cancellation reaching the upstream's handler, and
// the cacheScope of its tool list deciding what goes into the on-disk tool-list cache, and a cached 2026 verdict that
// does not make an unreachable server look ready.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';
import { isAlive, killTreeSync } from '../../src/upstream/process-tree.js';

const modern = (env: Record<string, string> = {}) => fixtureEntry('modern.ts', env);

describe('2026-07-28 upstreams: subscriptions, completions, cancellation, cacheScope', () => {
  it('turns resources/subscribe into the upstream listen filter, so the client receives resources/updated until it unsubscribes', async () => {
    const gw = await startGateway({ mcpServers: { m: modern() }, settings: { stateDir: tempDir() } });
    await toolNames(gw.client, ['m_touch']);
    const updated: string[] = [];
    gw.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await expect(gw.client.subscribeResource({ uri: 'note://one' })).resolves.toEqual({});
    expect(textOf(await gw.client.callTool({ name: 'm_touch', arguments: { text: 'changed' } }))).toBe('touched');
    await waitFor(() => updated.length > 0, 20_000);
    expect(updated).toEqual(['note://one']);
    expect(JSON.stringify((await gw.client.readResource({ uri: 'note://one' })).contents)).toContain('changed');
    await expect(gw.client.unsubscribeResource({ uri: 'note://one' })).resolves.toEqual({});
    // The upstream sends its update before the call's result: had the filter kept the URI, it would be here by now.
    await gw.client.callTool({ name: 'm_touch', arguments: { text: 'again' } });
    await gw.client.readResource({ uri: 'note://one' });
    expect(updated).toEqual(['note://one']);
  });

  it('completes a prompt argument of a 2026 upstream', async () => {
    const gw = await startGateway({ mcpServers: { m: modern() }, settings: { stateDir: tempDir() } });
    await waitFor(async () => ((await gw.client.listPrompts()).prompts.some((p) => p.name === 'm_greet') ? true : undefined), 20_000);
    const done = await gw.client.complete({ ref: { type: 'ref/prompt', name: 'm_greet' }, argument: { name: 'name', value: 'A' } });
    expect(done.completion.values).toEqual(['Ada', 'Alan']);
  });

  it('passes a client cancellation on to the 2026 upstream, whose handler sees its request aborted', async () => {
    const gw = await startGateway({ mcpServers: { m: modern() }, settings: { stateDir: tempDir() } });
    await toolNames(gw.client, ['m_wait']);
    const controller = new AbortController();
    const call = gw.client.callTool({ name: 'm_wait', arguments: {} }, undefined, { signal: controller.signal });
    await waitFor(() => gw.stderr().includes('modern fixture: wait started'), 20_000);
    controller.abort('user stopped it');
    await expect(call).rejects.toThrow();
    await waitFor(() => gw.stderr().includes('modern fixture: wait cancelled'), 20_000);
  });

  it('writes a public tool list to the on-disk cache and keeps a private one out of it', async () => {
    const stateDir = tempDir();
    const gw = await startGateway({ mcpServers: { pub: modern({ MODERN_TOOLS_CACHE: 'public:600000' }), priv: modern() }, settings: { stateDir } });
    await toolNames(gw.client, ['pub_echo', 'priv_echo']);
    await gw.close();
    await waitFor(() => !isAlive(gw.pid), 20_000);
    const servers = JSON.parse(readFileSync(path.join(stateDir, 'catalog-cache.json'), 'utf8')).servers as Record<string, { snapshot: { toolsCache?: unknown } }>;
    expect(Object.keys(servers)).toEqual(['pub']);
    expect(servers.pub?.snapshot.toolsCache).toEqual({ ttlMs: 600000, scope: 'public' });
  });

  it('does not take an unreachable 2026 HTTP server for a ready one with no tools when its verdict is cached', async () => {
    const entry = modern({ MODERN_HTTP: '1' });
    const child = spawn(entry.command, entry.args, { env: { ...process.env, ...entry.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(err)?.[1], 30_000);
    const stateDir = tempDir();
    const first = await startGateway({ mcpServers: { hm: { url } }, settings: { stateDir } });
    await toolNames(first.client, ['hm_echo']);
    await first.close();
    if (child.pid) killTreeSync(child.pid);
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, 20_000);
    // The verdict (with the server/discover result) is cached: the next connect sends nothing until the lists.
    const gw = await startGateway({ mcpServers: { hm: { url } }, settings: { stateDir } });
    const status = await waitFor(async () => {
      const text = ((await gw.client.readResource({ uri: 'gateway://status' })).contents[0] as { text: string }).text;
      const hm = (JSON.parse(text) as { servers: Array<{ name: string; state: string; lastError?: string }> }).servers.find((s) => s.name === 'hm');
      return hm?.lastError ? hm : undefined;
    }, 30_000);
    expect(status.state).not.toBe('ready');
    expect(status.lastError).toMatch(/fetch failed/);
  });
});
