// The JSON-RPC envelope check for lines a client sends over stdio.
import { describe, expect, it } from 'vitest';
import { checkMessageShape } from '../../src/server/jsonrpc-shape.js';

describe('checkMessageShape', () => {
  it('accepts requests, notifications and responses', () => {
    expect(checkMessageShape({ jsonrpc: '2.0', id: 1, method: 'ping' })).toEqual({ ok: true });
    expect(checkMessageShape({ jsonrpc: '2.0', id: 'a', method: 'tools/call', params: {} })).toEqual({ ok: true });
    expect(checkMessageShape({ jsonrpc: '2.0', method: 'notifications/initialized' })).toEqual({ ok: true });
    expect(checkMessageShape({ jsonrpc: '2.0', id: 3, result: {} })).toEqual({ ok: true });
    expect(checkMessageShape({ jsonrpc: '2.0', id: null, error: { code: -1, message: 'x' } })).toEqual({ ok: true });
  });

  it.each([
    [{}, null, /"jsonrpc" must be "2.0"/],
    [[], null, /an array/],
    [[{ jsonrpc: '2.0', id: 1, method: 'ping' }], null, /batches are not supported/],
    [42, null, /got a number/],
    ['hi', null, /got a string/],
    [null, null, /got null/],
    [{ jsonrpc: '2.0' }, null, /needs a "method"/],
    [{ jsonrpc: '1.0', id: 7, method: 'ping' }, 7, /"jsonrpc" must be "2.0"/],
    [{ jsonrpc: '2.0', id: 7 }, 7, /needs a "method"/],
    [{ jsonrpc: '2.0', id: {}, method: 'ping' }, null, /"id" must be a string or a number/],
    [{ jsonrpc: '2.0', id: 'x', method: 5 }, 'x', /"method" must be a string/],
    [{ jsonrpc: '2.0', result: {} }, null, /needs an "id"/],
  ])('refuses %j', (value, id, problem) => {
    const shape = checkMessageShape(value);
    expect(shape.ok).toBe(false);
    if (!shape.ok) {
      expect(shape.id).toBe(id);
      expect(shape.problem).toMatch(problem);
    }
  });
});
