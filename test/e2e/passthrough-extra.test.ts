// Capabilities that do not depend on the upstreams of the moment, log levels kept per session, and resources two servers both offer.
import { writeFileSync } from 'node:fs';
import { LoggingMessageNotificationSchema, PromptListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway } from '../helpers/http.js';

describe('logging and capabilities through the gateway', () => {
  it("passes upstream log messages at or above the session's own logging/setLevel, all of them before it sets one", async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() } });
    await toolNames(gw.client, ['fx_flood']);
    const seen: string[] = [];
    gw.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void seen.push(`${n.params.logger}:${String(n.params.data)}`));
    const flood = (count: number) => gw.client.callTool({ name: 'fx_flood', arguments: { count } });

    await flood(2);
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['fx:flood 0', 'fx:flood 1']);

    // The fixture's messages are at level info: below warning, so none reaches this session.
    await gw.client.setLoggingLevel('warning');
    await flood(3);
    await gw.client.setLoggingLevel('debug');
    await flood(5);
    await waitFor(() => seen.length >= 7);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual(['fx:flood 0', 'fx:flood 1', 'fx:flood 0', 'fx:flood 1', 'fx:flood 2', 'fx:flood 3', 'fx:flood 4']);
  });

  it('offers prompts, completions and logging with no upstream offering them, so a server added by a live reload shows its prompts', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() } });
    await toolNames(gw.client, ['fx_echo']);
    const caps = gw.client.getServerCapabilities();
    expect(caps?.prompts?.listChanged).toBe(true);
    expect(caps?.completions).toBeDefined();
    expect(caps?.logging).toBeDefined();
    expect((await gw.client.listPrompts()).prompts).toEqual([]);

    let changed = 0;
    gw.client.setNotificationHandler(PromptListChangedNotificationSchema, () => void changed++);
    writeFileSync(gw.configPath, JSON.stringify({ mcpServers: { fx: fixtureEntry(), res: fixtureEntry('resources.ts', { FIXTURE_NAME: 'res' }) } }));
    const prompts = await waitFor(async () => {
      const names = (await gw.client.listPrompts()).prompts.map((p) => p.name);
      return names.includes('res_greet') ? names : undefined;
    }, 20_000);
    expect(prompts).toEqual(['res_greet']);
    await waitFor(() => changed > 0);
    const done = await gw.client.complete({ ref: { type: 'ref/resource', uri: 'fixture://item/{id}' }, argument: { name: 'id', value: 'g' } });
    expect(done.completion.values).toEqual(['gamma']);
  });

  it('serves a resource two servers offer from the first in config order, and warns about it once, not once per session', async () => {
    const gw = await startHttpGateway({
      mcpServers: { one: fixtureEntry('resources.ts', { FIXTURE_NAME: 'one' }), two: fixtureEntry('resources.ts', { FIXTURE_NAME: 'two' }) },
    });
    for (let i = 0; i < 3; i++) {
      const client = await gw.connect();
      await toolNames(client, ['one_echo', 'two_echo']);
      const uris = (await client.listResources()).resources.map((r) => r.uri);
      expect(uris.filter((u) => u === 'fixture://a')).toHaveLength(1);
      const read = await client.readResource({ uri: 'fixture://a' });
      expect(JSON.stringify(read.contents)).toContain('resource a from one');
      await client.close();
    }
    const warnings = gw.stderr().split('\n').filter((l) => l.includes("resource fixture://a is offered by both 'one' and 'two'"));
    expect(warnings).toHaveLength(1);
  });

  it("relays an upstream's error once, without a doubled 'MCP error' prefix", async () => {
    const gw = await startGateway({ mcpServers: { res: fixtureEntry('resources.ts', { FIXTURE_NAME: 'res' }) } });
    await waitFor(async () => (await gw.client.listPrompts()).prompts.some((p) => p.name === 'res_greet'));
    const error = await gw.client.getPrompt({ name: 'res_greet', arguments: {} }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^MCP error -32602: /);
    expect(error?.message.match(/MCP error/g)).toHaveLength(1);
    const unknown = await gw.client.getPrompt({ name: 'res_nope' }).catch((e: Error) => e);
    expect((unknown as Error).message).toBe("MCP error -32602: Unknown prompt: 'res_nope'");
  });
});
