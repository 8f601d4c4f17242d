// The client's line for a fast call's response: the upstream's bytes or line with only the id swapped, valid JSON in
// every shape, for number and string ids.
import { describe, expect, it } from 'vitest';
import { toClientLine } from '../../src/server/fast-path.js';
import type { Upstream } from '../../src/upstream/upstream.js';

const noUpstream = undefined as unknown as Upstream;
const joined = (chunks: Array<string | Uint8Array>) => JSON.parse(Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString());

describe('toClientLine', () => {
  it('wraps a result passed through as bytes under the client id', () => {
    const result = Buffer.from('"result":{"content":[{"type":"text","text":"é ✓"}]}');
    for (const id of [7, 'abc"q']) {
      const chunks = toClientLine({ kind: 'result-bytes', result }, id, noUpstream, 'echo');
      expect(chunks.some((c) => c === result)).toBe(true); // the upstream's bytes themselves, not a copy
      expect(joined(chunks)).toEqual({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'é ✓' }] } });
    }
  });

  it('swaps the id at the end or the start of a parsed line without re-serializing it', () => {
    const tailLine = '{"result":{"content":[]},"jsonrpc":"2.0","id":"gw~5"}';
    const headLine = '{"jsonrpc":"2.0","id":"gw~5","result":{"content":[]}}';
    for (const line of [tailLine, headLine]) {
      const message = JSON.parse(line) as Record<string, unknown>;
      const [out] = toClientLine({ kind: 'response', message, line, fastId: 'gw~5' }, 42, noUpstream, 'echo');
      expect(typeof out).toBe('string');
      expect(JSON.parse(out as string)).toEqual({ jsonrpc: '2.0', id: 42, result: { content: [] } });
      expect((out as string).endsWith('\n')).toBe(true);
    }
  });
});
