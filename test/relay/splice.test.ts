// resultBytes (the large-result byte pass-through): the id and result member of a large response, read off its ends in the two key orders SDKs write;
// anything else (an error, a non-object result, another key order, a nested lookalike) is left to the parser; and
// privateResultId, the same read of a small response's line.
import { describe, expect, it } from 'vitest';
import { privateResultId, resultBytes } from '../../src/relay/splice.js';

const body = `"result":{"content":[{"type":"text","text":"${'x'.repeat(2000)}"}]}`;

function read(line: string) {
  const found = resultBytes(Buffer.from(line));
  return found && { id: found.id, result: found.result.toString() };
}

describe('resultBytes', () => {
  it('reads the TypeScript SDK order, {"result":…,"jsonrpc":"2.0","id":…}', () => {
    expect(read(`{${body},"jsonrpc":"2.0","id":"gw~12"}`)).toEqual({ id: 'gw~12', result: body });
  });

  it('reads the Python and Go order, {"jsonrpc":"2.0","id":…,"result":…}, with or without spaces', () => {
    expect(read(`{"jsonrpc":"2.0","id":"gw~3",${body}}`)).toEqual({ id: 'gw~3', result: body });
    expect(read(`{"jsonrpc": "2.0", "id": "gw~3", ${body}} `)).toEqual({ id: 'gw~3', result: body });
    expect(read(`{ ${body}, "jsonrpc": "2.0", "id": "gw~4" }`)).toEqual({ id: 'gw~4', result: body });
  });

  it('declines errors, non-object results, other key orders and lookalikes nested in the result', () => {
    expect(read(`{"jsonrpc":"2.0","id":"gw~1","error":{"code":-1,"message":"${'m'.repeat(500)}"}}`)).toBeUndefined();
    expect(read(`{"result":"${'s'.repeat(500)}","jsonrpc":"2.0","id":"gw~1"}`)).toBeUndefined();
    expect(read(`{"id":"gw~1",${body},"jsonrpc":"2.0"}`)).toBeUndefined();
    expect(read(`{${body.slice(0, -1)},"x":{"jsonrpc":"2.0","id":"gw~1"}}}`)).toBeUndefined();
    // A string member that ends like the real tail: its escaped quotes keep it from matching.
    expect(read(`{${body},"t":"a,\\"jsonrpc\\":\\"2.0\\",\\"id\\":\\"gw~1\\"}`)).toBeUndefined();
  });

  it('declines a second id after the result (a parser would take that one), invalid UTF-8, and non-JSON whitespace', () => {
    expect(read(`{"jsonrpc":"2.0","id":"gw~1",${body},"id":"gw~9"}`)).toBeUndefined();
    const bad = Buffer.from(`{"jsonrpc":"2.0","id":"gw~1",${body}}`);
    bad[60] = 0xff;
    expect(resultBytes(bad)).toBeUndefined();
    const nbsp = Buffer.from(`{"jsonrpc":"2.0","id":"gw~1",${body}}`, 'latin1');
    expect(resultBytes(Buffer.concat([nbsp.subarray(0, 1), Buffer.from([0xa0]), nbsp.subarray(1)]))).toBeUndefined();
  });
});

describe('privateResultId', () => {
  const result = '"result":{"content":[{"type":"text","text":"a \\"quoted\\" ✓"}]}';

  it('reads the private id off the ends of a successful response in the TypeScript SDK shape', () => {
    expect(privateResultId(`{${result},"jsonrpc":"2.0","id":"gw~42"}`, 'gw~')).toBe('gw~42');
  });

  it('declines other shapes, other ids, errors and results marked isError (those are parsed)', () => {
    expect(privateResultId(`{"jsonrpc":"2.0","id":"gw~1",${result}}`, 'gw~')).toBeUndefined();
    expect(privateResultId(`{${result},"jsonrpc":"2.0","id":7}`, 'gw~')).toBeUndefined();
    expect(privateResultId(`{${result},"jsonrpc":"2.0","id":"other"}`, 'gw~')).toBeUndefined();
    expect(privateResultId('{"error":{"code":-1,"message":"m"},"jsonrpc":"2.0","id":"gw~1"}', 'gw~')).toBeUndefined();
    expect(privateResultId('{"result":{"content":[],"isError": true},"jsonrpc":"2.0","id":"gw~1"}', 'gw~')).toBeUndefined();
    // A string member that ends like the real tail: its escaped quotes keep it from matching.
    expect(privateResultId(`{${result},"t":"a,\\"jsonrpc\\":\\"2.0\\",\\"id\\":\\"gw~1"}`, 'gw~')).toBeUndefined();
  });
});
