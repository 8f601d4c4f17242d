// An upstream's own invalid-params error on tools/call reaches the client with the tool's signature and required
// parameters, in both shapes upstreams use (a JSON-RPC -32602 error, the TypeScript SDK's "MCP error -32602" result)
// and on both call paths.
import { describe, expect, it } from 'vitest';
import { startGateway, textOf, toolNames } from '../helpers/gateway.js';
import { fixtureEntry } from '../helpers/gw.js';

const HINT = 'Call it as fx_strict(n: number); required: n.';

describe('an upstream -32602 carries the call hint', () => {
  // Without hooks a call takes the fast path; the audit plugin observes calls, so it forces the regular path.
  for (const [path, plugins] of [
    ['fast path', []],
    ['regular path', [{ module: 'fast-gateway/plugins/audit' }]],
  ] as const) {
    for (const [shape, mode] of [
      ['isError result', ''],
      ['JSON-RPC error', 'rpc-invalid-params'],
    ] as const) {
      it(`${shape}, ${path}`, async () => {
        const gw = await startGateway({
          mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_MODE: mode }) },
          plugins,
        });
        await toolNames(gw.client, ['fx_strict']);
        // Valid by the schema, so only the upstream refuses it.
        const odd = await gw.client.callTool({ name: 'fx_strict', arguments: { n: 3 } });
        expect(odd.isError).toBe(true);
        expect(textOf(odd)).toContain("'n' must be even");
        expect(textOf(odd)).toContain(HINT);
        const even = await gw.client.callTool({ name: 'fx_strict', arguments: { n: 4 } });
        expect(textOf(even)).toBe('even 4');
        // Other upstream errors are left as they were.
        expect(
          textOf(await gw.client.callTool({ name: 'fx_fail', arguments: { message: 'boom' } })),
        ).not.toContain('Call it as');
      });
    }
  }
});
