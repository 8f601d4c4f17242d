// The broker's splices: a session's request and an upstream's response keep their text but for the ids.
import { describe, expect, it } from 'vitest';
import { spliceRequest, spliceResponse } from '../../src/broker/splice.js';
import { requestLine } from '../../src/relay/pipe-call.js';

describe('broker splices', () => {
  it("swaps the id and the progress token of the relay's request line and leaves the rest as written", () => {
    const line = requestLine('gw~7', 'echo', { text: '"id":"gw~7"}' }, true).trimEnd();
    const out = spliceRequest(line, 'gw~7', 'b~3', 'gw~7');
    expect(JSON.parse(out!)).toEqual({
      jsonrpc: '2.0',
      id: 'b~3',
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: '"id":"gw~7"}' }, _meta: { progressToken: 'b~3' } },
    });
  });

  it("swaps an SDK client's id at the end of its line; a token it cannot place safely is left to re-serializing", () => {
    const sdk = '{"method":"tools/list","jsonrpc":"2.0","id":12}';
    expect(spliceRequest(sdk, 12, 'b~1', undefined)).toBe('{"method":"tools/list","jsonrpc":"2.0","id":"b~1"}\n');
    const withToken = '{"method":"tools/call","params":{"name":"x","_meta":{"progressToken":12}},"jsonrpc":"2.0","id":12}';
    expect(spliceRequest(withToken, 12, 'b~2', 12)).toBeUndefined();
  });

  it("gives a response back the session's own id, numeric or not", () => {
    const line = '{"result":{"content":[]},"jsonrpc":"2.0","id":"b~9"}';
    expect(JSON.parse(spliceResponse(line, 'b~9', 4)!)).toEqual({ jsonrpc: '2.0', id: 4, result: { content: [] } });
    expect(spliceResponse('{"jsonrpc":"2.0","result":{},"id":"b~9","x":1}', 'b~9', 4)).toBeUndefined();
  });
});
