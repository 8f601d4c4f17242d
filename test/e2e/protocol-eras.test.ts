// Upstreams in the 2026-07-28 era (fixtures written with the v2 server package, modern-only and dual, over stdio and
// Streamable HTTP) served to a 2025 client through the real `gw` binary: listing, calls, input_required answered by
// the client's own elicitation and sampling handlers, the era verdict cached, and a pinned era that does not match.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { deliverResponsesLast, startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { fixtureEntry, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { isAlive, killTreeSync } from '../../src/upstream/process-tree.js';

const modern = (env: Record<string, string> = {}, extra: Record<string, unknown> = {}) => fixtureEntry('modern.ts', env, extra);

function statusOf(text: string, name: string): { state: string; lastError?: string; protocol?: { era: string; version?: string } } {
  const servers = JSON.parse(text).servers as Array<{ name: string; state: string; protocol?: { era: string } }>;
  return servers.find((s) => s.name === name) as never;
}

async function startHttpFixture(env: Record<string, string>): Promise<string> {
  const entry = modern({ MODERN_HTTP: '1', ...env });
  const child = spawn(entry.command, entry.args, { env: { ...process.env, ...entry.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  onTestFinished(() => void (child.pid && isAlive(child.pid) && killTreeSync(child.pid)));
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return waitFor(() => /listening on (http:\/\/\S+)/.exec(err)?.[1], 30_000);
}

describe('2026-07-28 upstreams', () => {
  it('lists and calls a modern-only and a dual stdio upstream in the modern era, and caches the verdict', async () => {
    const stateDir = tempDir();
    const config = { mcpServers: { m: modern(), d: modern({ MODERN_LEGACY: 'serve' }), l: fixtureEntry() }, settings: { stateDir } };
    const gw = await startGateway(config);
    await toolNames(gw.client, ['m_whoami', 'm_echo', 'd_whoami', 'l_echo']);
    expect(textOf(await gw.client.callTool({ name: 'm_whoami', arguments: {} }))).toBe('era modern');
    expect(textOf(await gw.client.callTool({ name: 'd_whoami', arguments: {} }))).toBe('era modern');
    expect(textOf(await gw.client.callTool({ name: 'm_echo', arguments: { text: 'hi' } }))).toBe('hi');
    // Every progress notification reaches the client, in order, before the result: twenty calls in a row.
    deliverResponsesLast(gw.transport);
    for (let call = 0; call < 20; call++) {
      const progress: number[] = [];
      const counted = await gw.client.callTool({ name: 'm_count', arguments: { n: 3 } }, undefined, { onprogress: (p) => void progress.push(p.progress) });
      expect(textOf(counted)).toBe('counted 3');
      expect(progress).toEqual([1, 2, 3]);
    }
    const prompt = await gw.client.getPrompt({ name: 'm_greet', arguments: { name: 'Ada' } });
    expect(JSON.stringify(prompt.messages)).toContain('Hello Ada');
    const note = await gw.client.readResource({ uri: 'note://one' });
    expect(JSON.stringify(note.contents)).toContain('the note');
    const status = (await gw.client.readResource({ uri: 'gateway://status' })).contents[0] as { text: string };
    expect(statusOf(status.text, 'm').protocol).toEqual({ era: 'modern', version: '2026-07-28' });
    expect(statusOf(status.text, 'l').protocol?.era).toBe('legacy');
    const verdicts = JSON.parse(readFileSync(path.join(stateDir, 'protocol-eras.json'), 'utf8')).servers as Record<string, { era: string; serverVersion?: string }>;
    expect(Object.values(verdicts).map((v) => v.era).sort()).toEqual(['legacy', 'modern', 'modern']);

    // The next run adopts the cached verdict: `gw tools --json` says the era of each.
    const tools = await runGw(['tools', '--json', '--config', gw.configPath]);
    const servers = (JSON.parse(tools.stdout) as { servers: Array<{ name: string; protocol: { era: string } | null }> }).servers;
    expect(servers.find((s) => s.name === 'm')?.protocol?.era).toBe('modern');
    expect(servers.find((s) => s.name === 'l')?.protocol?.era).toBe('legacy');
  });

  it('answers input_required with the 2025 client\'s own elicitation and sampling handlers', async () => {
    const asked: string[] = [];
    const gw = await startGateway({ mcpServers: { m: modern() }, settings: { stateDir: tempDir() } }, {
      clientOptions: { capabilities: { elicitation: {}, sampling: {} } },
      prepare: (client) => {
        client.setRequestHandler(ElicitRequestSchema, async (req) => {
          asked.push(req.params.message);
          return { action: 'accept', content: { colour: 'teal' } };
        });
        client.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: 'm', role: 'assistant', content: { type: 'text', text: 'brief' } }));
      },
    });
    await toolNames(gw.client, ['m_ask', 'm_summarise']);
    expect(textOf(await gw.client.callTool({ name: 'm_ask', arguments: {} }))).toBe('colour accept {"colour":"teal"}');
    expect(asked).toEqual(['Favourite colour?']);
    expect(textOf(await gw.client.callTool({ name: 'm_summarise', arguments: { text: 'long' } }))).toBe('summary: {"type":"text","text":"brief"}');
  });

  it('tells a client without the capability which one the upstream needed', async () => {
    const gw = await startGateway({ mcpServers: { m: modern() }, settings: { stateDir: tempDir() } });
    await toolNames(gw.client, ['m_ask']);
    const result = await gw.client.callTool({ name: 'm_ask', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/client capability elicitation/);
  });

  it('serves a modern-only and a dual Streamable HTTP upstream (the dual one in 2026), and names both versions when a pinned era does not match', async () => {
    const only = await startHttpFixture({});
    const dual = await startHttpFixture({ MODERN_LEGACY: 'serve' });
    const config = { mcpServers: { hm: { url: only }, hd: { url: dual }, old: { url: only, protocol: '2025-11-25' } }, settings: { stateDir: tempDir() } };
    const gw = await startGateway(config);
    await toolNames(gw.client, ['hm_whoami', 'hd_whoami']);
    expect(textOf(await gw.client.callTool({ name: 'hm_whoami', arguments: {} }))).toBe('era modern');
    expect(textOf(await gw.client.callTool({ name: 'hd_echo', arguments: { text: 'over http' } }))).toBe('over http');
    // In auto a server that speaks both eras is used in 2026 (server/discover first), and the verdict is kept.
    expect(textOf(await gw.client.callTool({ name: 'hd_whoami', arguments: {} }))).toBe('era modern');
    const verdicts = JSON.parse(readFileSync(path.join(config.settings.stateDir, 'protocol-eras.json'), 'utf8')).servers as Record<string, { era: string }>;
    expect(verdicts[dual]?.era).toBe('modern');
    const text = await waitFor(async () => {
      const t = ((await gw.client.readResource({ uri: 'gateway://status' })).contents[0] as { text: string }).text;
      return statusOf(t, 'old').state === 'failed' ? t : undefined;
    }, 30_000);
    expect(statusOf(text, 'old').lastError).toMatch(/protocol version mismatch: the gateway asked for 2025-11-25, the server supports 2026-07-28/);
  });

  it('gw test names the era, and a pinned 2025 era against a modern-only stdio server fails naming both versions', async () => {
    const configPath = writeConfig({ mcpServers: { m: modern(), p: modern({}, { protocol: '2025-11-25' }) }, settings: { stateDir: tempDir() } });
    const ok = await runGw(['test', 'm', '--config', configPath]);
    expect(ok.stdout).toMatch(/protocol: +2026-07-28 \(modern\)/);
    const bad = await runGw(['test', 'p', '--json', '--config', configPath]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatch(/asked for 2025-11-25, the server supports 2026-07-28/);
  });
});
