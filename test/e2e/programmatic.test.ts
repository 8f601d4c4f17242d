// The programmatic API: createGateway from an inline config plus hooks, served to an SDK Client over InMemoryTransport.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGateway, definePlugin } from '../../src/index.js';
import { fixtureEntry, tempDir } from '../helpers/gw.js';
import { textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { isAlive } from '../../src/upstream/process-tree.js';

describe('createGateway', () => {
  it('serves an inline config with plugin hooks, and close() leaves no upstream process', async () => {
    const seen: string[] = [];
    const policy = definePlugin({
      name: 'policy',
      hooks: {
        preToolCall(ctx) {
          seen.push(ctx.name);
          if (ctx.tool === 'add') return { decision: 'deny', reason: 'no arithmetic from code' };
          return undefined;
        },
      },
    });
    const gateway = await createGateway({
      config: { mcpServers: { fx: fixtureEntry() }, settings: { cache: false } },
      configDir: tempDir(),
      plugins: [policy],
      // The shorthand: one more plugin made of these hooks.
      hooks: { preListTools: (ctx) => ctx.tools.filter((t) => t.name !== 'fx_crash') },
      logLevel: 'silent',
    });
    onTestFinished(() => gateway.close());
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await gateway.connect(serverSide);
    const client = new Client({ name: 'code', version: '1.0.0' });
    await client.connect(clientSide);

    const names = await toolNames(client, ['fx_echo', 'fx_add']);
    expect(names).toContain('search_tools');
    expect(names).not.toContain('fx_crash');
    expect(textOf(await client.callTool({ name: 'fx_echo', arguments: { text: 'from code' } }))).toBe(
      'from code',
    );
    const denied = await client.callTool({ name: 'fx_add', arguments: { a: 1, b: 2 } });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toBe('no arithmetic from code');
    expect(seen).toEqual(['fx_echo', 'fx_add']);

    const { pid } = JSON.parse(textOf(await client.callTool({ name: 'fx_pid', arguments: {} }))) as {
      pid: number;
    };
    expect(isAlive(pid)).toBe(true);
    await client.close();
    await gateway.close();
    await waitFor(() => !isAlive(pid), 5_000);
  });
});
