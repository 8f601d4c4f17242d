import { describe, expect, it } from 'vitest';
import { toModern } from '../../../src/server/modern/fast-call.js';

const text = (chunks: Array<string | Uint8Array>) => Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString();
const SERVER = { 'io.modelcontextprotocol/serverInfo': { name: 'fast-gateway' } };

describe('toModern', () => {
  it('stamps a relayed result line and leaves a progress notification as it is', () => {
    const out = JSON.parse(text(toModern(['{"jsonrpc":"2.0","id":3,"result":{"content":[]}}\n']))) as { result: Record<string, unknown> };
    expect(out.result).toMatchObject({ resultType: 'complete', content: [], _meta: SERVER });
    const progress = '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1}}\n';
    expect(toModern([progress])).toEqual([progress]);
  });

  it('stamps a result passed as bytes without parsing it, and parses one that has its own _meta', () => {
    const bytes = Buffer.from('"result":{"content":[{"type":"text","text":"xx"}]}');
    const out = toModern(['{"jsonrpc":"2.0","id":"a",', bytes, '}\n']);
    expect(out).toHaveLength(5);
    expect(JSON.parse(text(out))).toMatchObject({ id: 'a', result: { resultType: 'complete', content: [{ text: 'xx' }], _meta: SERVER } });
    const withMeta = Buffer.from('"result":{"content":[],"_meta":{"k":1}}');
    const parsed = JSON.parse(text(toModern(['{"jsonrpc":"2.0","id":"a",', withMeta, '}\n']))) as { result: { _meta: object } };
    expect(parsed.result._meta).toMatchObject({ k: 1, ...SERVER });
  });
});
