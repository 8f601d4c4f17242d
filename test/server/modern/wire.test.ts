import { describe, expect, it } from 'vitest';
import { eraOf, modernResult, versionError, SUPPORTED_VERSIONS } from '../../../src/server/modern/wire.js';

const meta = (version: unknown, caps: unknown = {}) => ({
  'io.modelcontextprotocol/protocolVersion': version,
  'io.modelcontextprotocol/clientCapabilities': caps,
  'io.modelcontextprotocol/clientInfo': { name: 'c', version: '2' },
});

describe('eraOf', () => {
  it('takes a request with a 2026-07-28 envelope as modern, with its capabilities and client', () => {
    const era = eraOf({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta('2026-07-28', { elicitation: {} }) } });
    expect(era).toEqual({ kind: 'modern', envelope: { version: '2026-07-28', capabilities: { elicitation: {} }, client: { name: 'c', version: '2' } } });
  });

  it('leaves initialize, envelope-less requests and 2025 versions to the 2025 path', () => {
    expect(eraOf({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25' } }).kind).toBe('legacy');
    expect(eraOf({ jsonrpc: '2.0', id: 1, method: 'tools/list' }).kind).toBe('legacy');
    expect(eraOf({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta('2025-06-18') } }).kind).toBe('legacy');
    expect(eraOf({ jsonrpc: '2.0', id: 1, result: {} }).kind).toBe('legacy');
  });

  it('names a version it does not serve, and a malformed envelope', () => {
    expect(eraOf({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta('2030-01-01') } })).toEqual({ kind: 'unsupported', requested: '2030-01-01' });
    expect(eraOf({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta(7) } }).kind).toBe('invalid');
    const noCaps = eraOf({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } } });
    expect(noCaps).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('clientCapabilities') });
  });
});

describe('versionError', () => {
  it('is -32022 with the requested and supported versions', () => {
    const e = versionError(3, '2030-01-01');
    expect(e).toMatchObject({ id: 3, error: { code: -32022, data: { requested: '2030-01-01', supported: [...SUPPORTED_VERSIONS] } } });
    expect(SUPPORTED_VERSIONS[0]).toBe('2026-07-28');
  });
});

describe('modernResult', () => {
  it('adds cache hints to lists and reads, the server info to every result, and drops task hints from tools', () => {
    const list = modernResult('tools/list', { tools: [{ name: 'a', inputSchema: { type: 'object' }, execution: { taskSupport: 'optional' } }] });
    expect(list).toMatchObject({ resultType: 'complete', ttlMs: expect.any(Number), cacheScope: 'private', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fast-gateway' } } });
    expect((list.tools as object[])[0]).not.toHaveProperty('execution');
    expect(modernResult('resources/read', { contents: [] })).toHaveProperty('ttlMs');
    expect(modernResult('tools/call', { content: [] })).not.toHaveProperty('ttlMs');
  });
});
