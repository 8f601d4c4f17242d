// Tool arguments are checked against the tool's inputSchema before they go upstream: -32602 naming the field, with the signature.
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, textOf, toolNames } from '../helpers/gateway.js';

const SIGNATURE = 'fx_add(a: number, b: number)';

// The JSON-RPC error a call is answered with (fails the test when the call succeeds instead).
async function rpcError(promise: Promise<unknown>): Promise<McpError> {
  const outcome = await promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a JSON-RPC error, got ${JSON.stringify(outcome.result)}`);
  expect(outcome.error).toBeInstanceOf(McpError);
  return outcome.error as McpError;
}

describe('argument validation', () => {
  // Without hooks a call takes the fast path; the audit plugin observes calls, so it forces the regular path.
  for (const [path, plugins] of [
    ['fast path', []],
    ['regular path', [{ module: 'fast-gateway/plugins/audit' }]],
  ] as const) {
    it(`answers invalid arguments with -32602 naming the field and the signature (${path})`, async () => {
      const gw = await startGateway({ mcpServers: { fx: fixtureEntry() }, plugins });
      await toolNames(gw.client, ['fx_add']);
      expect(textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 2 } }))).toBe('3');

      const wrongType = await rpcError(gw.client.callTool({ name: 'fx_add', arguments: { a: 'one', b: 2 } }));
      expect(wrongType.code).toBe(-32602);
      expect(wrongType.message).toContain(`Invalid arguments for tool 'fx_add': 'a' must be number. Call it as ${SIGNATURE}; required: a, b.`);
      expect(wrongType.data).toEqual({ signature: SIGNATURE, required: ['a', 'b'], errors: ["'a' must be number"] });

      const missing = await rpcError(gw.client.callTool({ name: 'fx_add', arguments: { a: 1 } }));
      expect(missing.message).toContain("'b' is required");
      // The session goes on.
      expect(textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 2, b: 2 } }))).toBe('4');
    });
  }

  it('checks 2020-12 schemas ($defs, additionalProperties) and meta-tools; inside invoke_tool it is the inner error result', async () => {
    const gw = await startGateway({ mcpServers: { cf: fixtureEntry('conformance.ts') }, settings: { tools: 'search' } });
    // The conformance tool accepts anything itself: only the gateway's check can refuse these.
    // invoke_tool waits for the server to list its tools; these arguments are valid.
    const first = await gw.client.callTool({ name: 'invoke_tool', arguments: { name: 'cf_json_schema_2020_12_tool', arguments: {} } });
    expect(textOf(first)).toBe('received {}');
    const nested = await rpcError(gw.client.callTool({ name: 'cf_json_schema_2020_12_tool', arguments: { address: { street: 5 } } }));
    expect(nested.code).toBe(-32602);
    expect(nested.message).toContain("'address.street' must be string");
    const extra = await rpcError(gw.client.callTool({ name: 'cf_json_schema_2020_12_tool', arguments: { name: 'x', nickname: 'y' } }));
    expect(extra.message).toContain("'nickname' is not a parameter of this tool");
    expect(extra.message).toContain('cf_json_schema_2020_12_tool(name?: string, address?: address)');

    const inner = await gw.client.callTool({ name: 'invoke_tool', arguments: { name: 'cf_json_schema_2020_12_tool', arguments: { nickname: 'y' } } });
    expect(inner.isError).toBe(true);
    expect(textOf(inner)).toContain("Invalid arguments for tool 'cf_json_schema_2020_12_tool': 'nickname' is not a parameter of this tool");

    const meta = await rpcError(gw.client.callTool({ name: 'search_tools', arguments: { limit: 5 } }));
    expect(meta.message).toContain("Invalid arguments for tool 'search_tools': 'query' is required");
    expect(meta.message).toContain('search_tools(query: string, alternatives?: string[], limit?: integer, server?: string, schema?: boolean)');
  });
});
