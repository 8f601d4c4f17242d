// The lines the relay writes upstream: the request under its private id, with a progress request and, on a 2026
// connection, the envelope its v2 client sends; the cancel of a call the same way.
import { describe, expect, it } from 'vitest';
import { cancelLine, requestLine } from '../../src/relay/pipe-call.js';

const ENVELOPE = '"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}';
const parsed = (line: string) => {
  expect(line.endsWith('\n')).toBe(true);
  return JSON.parse(line) as { id?: string; params: { _meta?: Record<string, unknown>; requestId?: string } };
};

describe('requestLine and cancelLine', () => {
  it('carry the progress token and the envelope in one _meta, each only when there is one', () => {
    expect(parsed(requestLine('gw~1', 'echo', { a: 1 }, false)).params._meta).toBeUndefined();
    expect(parsed(requestLine('gw~1', 'echo', { a: 1 }, true)).params._meta).toEqual({ progressToken: 'gw~1' });
    const modern = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
    expect(parsed(requestLine('gw~2', 'echo', {}, false, ENVELOPE)).params._meta).toEqual(modern);
    expect(parsed(requestLine('gw~2', 'echo', {}, true, ENVELOPE)).params._meta).toEqual({ progressToken: 'gw~2', ...modern });
  });

  it('cancels under the private id, with the envelope on a 2026 connection', () => {
    expect(parsed(cancelLine('gw~3', 'timed out'))).toEqual({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'gw~3', reason: 'timed out' } });
    expect(parsed(cancelLine('gw~3', 'x', ENVELOPE)).params._meta?.['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
  });
});
