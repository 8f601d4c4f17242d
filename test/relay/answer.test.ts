// The client's line for a relayed call's response: the upstream's bytes or line with only the id swapped, valid JSON
// in every shape, for number and string ids; upstream errors and failures become isError results naming the server.
import { describe, expect, it } from 'vitest';
import { ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { answerChunks } from '../../src/relay/answer.js';

const source = { server: 'up', timeoutMs: 1000, describeExit: () => undefined };
const entry = {
  name: 'up_echo',
  tool: { name: 'echo', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } } as Tool,
};
const joined = (chunks: Array<string | Uint8Array>) =>
  JSON.parse(Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString());

describe('answerChunks', () => {
  it('wraps a result passed through as bytes under the client id', () => {
    const result = Buffer.from('"result":{"content":[{"type":"text","text":"é ✓"}]}');
    for (const clientId of [7, 'abc"q']) {
      const chunks = answerChunks(
        { kind: 'result-bytes', result },
        { clientId, upstreamId: 'gw~1' },
        source,
        entry,
      );
      expect(chunks.some((c) => c === result)).toBe(true); // the upstream's bytes themselves, not a copy
      expect(joined(chunks)).toEqual({
        jsonrpc: '2.0',
        id: clientId,
        result: { content: [{ type: 'text', text: 'é ✓' }] },
      });
    }
  });

  it('swaps the id at the end or the start of a parsed line without re-serializing it', () => {
    const tailLine = '{"result":{"content":[]},"jsonrpc":"2.0","id":"gw~5"}';
    const headLine = '{"jsonrpc":"2.0","id":"gw~5","result":{"content":[]}}';
    for (const line of [tailLine, headLine]) {
      const message = JSON.parse(line) as Record<string, unknown>;
      const [out] = answerChunks(
        { kind: 'response', message, line },
        { clientId: 42, upstreamId: 'gw~5' },
        source,
        entry,
      );
      expect(typeof out).toBe('string');
      expect(JSON.parse(out as string)).toEqual({ jsonrpc: '2.0', id: 42, result: { content: [] } });
      expect((out as string).endsWith('\n')).toBe(true);
    }
  });

  it('re-serializes a line whose id sits in the middle', () => {
    const line = '{"id":"gw~5","result":{"content":[]},"jsonrpc":"2.0"}';
    const [out] = answerChunks(
      { kind: 'response', message: JSON.parse(line), line },
      { clientId: 'c', upstreamId: 'gw~5' },
      source,
      entry,
    );
    expect(JSON.parse(out as string)).toEqual({ jsonrpc: '2.0', id: 'c', result: { content: [] } });
  });

  it("turns an upstream's error and a timeout into isError results naming the server", () => {
    const line = '{"jsonrpc":"2.0","id":"gw~5","error":{"code":-31999,"message":"boom"}}';
    const [err] = answerChunks(
      { kind: 'response', message: JSON.parse(line), line },
      { clientId: 3, upstreamId: 'gw~5' },
      source,
      entry,
    );
    const answered = JSON.parse(err as string) as {
      id: number;
      result: { isError: boolean; content: Array<{ text: string }> };
    };
    expect(answered.id).toBe(3);
    expect(answered.result.isError).toBe(true);
    expect(answered.result.content[0]?.text).toMatch(/up.*boom/s);
    const timeout = new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: 1000 });
    const [late] = answerChunks(
      { kind: 'failure', error: timeout },
      { clientId: 4, upstreamId: 'gw~6' },
      source,
      entry,
    );
    const failed = JSON.parse(late as string) as {
      result: { isError: boolean; content: Array<{ text: string }> };
    };
    expect(failed.result.isError).toBe(true);
    expect(failed.result.content[0]?.text).toMatch(/up/);
  });

  it('reads a 2026 response as the v2 client does: no resultType, input_required and -32021 as clear failures', () => {
    const answer = (line: string, clientId: number) =>
      JSON.parse(
        answerChunks({ kind: 'response', message: JSON.parse(line), line, modern: true }, { clientId, upstreamId: 'gw~5' }, source, entry)[0] as string,
      ) as { id: number; result: { isError?: boolean; content: Array<{ text: string }>; resultType?: string; _meta?: unknown } };
    const done = answer('{"result":{"content":[{"type":"text","text":"hi"}],"resultType":"complete","_meta":{"k":1}},"jsonrpc":"2.0","id":"gw~5"}', 8);
    expect(done).toEqual({ jsonrpc: '2.0', id: 8, result: { content: [{ type: 'text', text: 'hi' }], _meta: { k: 1 } } });
    const asked = answer('{"result":{"resultType":"input_required","inputRequests":{}},"jsonrpc":"2.0","id":"gw~5"}', 9);
    expect(asked.result.isError).toBe(true);
    expect(asked.result.content[0]?.text).toMatch(/input_required/);
    const missing = answer('{"error":{"code":-32021,"message":"m","data":{"requiredCapabilities":{"elicitation":{}}}},"jsonrpc":"2.0","id":"gw~5"}', 10);
    expect(missing.result.content[0]?.text).toMatch(/client capability elicitation/);
  });
});
