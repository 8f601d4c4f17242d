// The pure parts of upstream eras: version mismatches named with both sides, HTTP failure bodies kept (JSON-RPC error
// or the start of a text body), the verdict cache keyed by target, and ttlMs and cacheScope honoured by the
// tool-list cache.
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { describeVersionMismatch, isEraMismatch } from '../../src/upstream/era-errors.js';
import { loadModernSdk } from '../../src/upstream/modern-sdk.js';
import { loadVerdict, saveVerdict } from '../../src/upstream/era-cache.js';
import { createSnapshotCache, shareable } from '../../src/upstream/cache.js';
import { EMPTY_SNAPSHOT } from '../../src/upstream/lists.js';
import { createLogger } from '../../src/log.js';
import { describeFailure, httpDetail } from '../../src/upstream/failure.js';
import { tempDir } from '../helpers/gw.js';

describe('era errors', () => {
  it('names what the gateway asked for and what the server supports', () => {
    const error = new McpError(-32022, 'Unsupported protocol version: 2025-11-25', { supported: ['2026-07-28'], requested: '2025-11-25' });
    expect(describeVersionMismatch(error)).toBe(
      'protocol version mismatch: the gateway asked for 2025-11-25, the server supports 2026-07-28; set "protocol" to "auto" or "2026-07-28"',
    );
  });

  it('reads the versions out of an HTTP error body', () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2026-07-28'], requested: '2025-11-25' } } });
    expect(describeVersionMismatch(new Error(`Streamable HTTP error: Error POSTing to endpoint: ${body}`))).toMatch(/asked for 2025-11-25, the server supports 2026-07-28/);
  });

  it('tells a 2025-only server found by a pinned 2026 connect apart from other failures', async () => {
    // The gateway loads the v2 SDK before any connect that could fail with its errors.
    await loadModernSdk();
    const error = new SdkError(SdkErrorCode.EraNegotiationFailed, 'no server/discover');
    expect(isEraMismatch(error)).toBe(true);
    expect(describeVersionMismatch(error)).toMatch(/asked for 2026-07-28, the server speaks 2025-11-25 or earlier/);
    expect(isEraMismatch(new Error('fetch failed'))).toBe(false);
    expect(describeVersionMismatch(new Error('fetch failed'))).toBeUndefined();
  });
});

describe('HTTP failures', () => {
  it('keep the status and the JSON-RPC error the body carried', () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32600, message: 'Bad Request: no session' } });
    expect(describeFailure(new Error(`Error POSTing to endpoint (HTTP 400): ${body}`), undefined)).toBe('HTTP 400: -32600 Bad Request: no session');
  });

  it('keep the first 2 KiB of a body that is not JSON', () => {
    const detail = httpDetail(`Streamable HTTP error: Error POSTing to endpoint: <html>${'x'.repeat(5000)}</html>`);
    expect(detail?.startsWith('<html>xxx')).toBe(true);
    expect(detail?.length).toBe(2049);
  });
});

describe('era verdict cache', () => {
  it('saves, reloads and forgets a verdict per target', () => {
    const dir = tempDir();
    expect(loadVerdict(dir, 'http://x/mcp')).toBeUndefined();
    saveVerdict(dir, 'http://x/mcp', { era: 'modern', serverVersion: '1.0.0', at: 'now' });
    expect(loadVerdict(dir, 'http://x/mcp')).toMatchObject({ era: 'modern', serverVersion: '1.0.0' });
    expect(loadVerdict(dir, 'http://y/mcp')).toBeUndefined();
    saveVerdict(dir, 'http://x/mcp', undefined);
    expect(loadVerdict(dir, 'http://x/mcp')).toBeUndefined();
  });
});

describe('tool-list cache and ttlMs', () => {
  it('serves a cached list only while the server said it stays fresh', () => {
    const dir = tempDir();
    const log = createLogger({ level: 'silent' });
    const writer = createSnapshotCache(dir, log);
    writer.save('stale', 'k', { ...EMPTY_SNAPSHOT, toolsCache: { ttlMs: 0, scope: 'private' } });
    writer.save('fresh', 'k', { ...EMPTY_SNAPSHOT, toolsCache: { ttlMs: 3_600_000, scope: 'public' } });
    writer.save('legacy', 'k', { ...EMPTY_SNAPSHOT });
    writer.flush();
    const reader = createSnapshotCache(dir, log);
    expect(reader.load('stale', 'k')).toBeUndefined();
    expect(reader.load('fresh', 'k')?.snapshot.toolsCache?.ttlMs).toBe(3_600_000);
    expect(reader.load('legacy', 'k')).toBeDefined();
  });
});

describe('tool-list cache and cacheScope', () => {
  it('writes only a public list to the shared file; a private or unscoped one replaces what was there with nothing', () => {
    const dir = tempDir();
    const log = createLogger({ level: 'silent' });
    const writer = createSnapshotCache(dir, log);
    const tools = [{ name: 't', inputSchema: { type: 'object' as const } }];
    writer.save('pub', 'k', { ...EMPTY_SNAPSHOT, tools, toolsCache: { ttlMs: 3_600_000, scope: 'public' } });
    writer.save('priv', 'k', { ...EMPTY_SNAPSHOT, tools, toolsCache: { ttlMs: 3_600_000, scope: 'private' } });
    writer.save('unscoped', 'k', { ...EMPTY_SNAPSHOT, tools, toolsCache: { ttlMs: 3_600_000 } });
    writer.save('turned', 'k', { ...EMPTY_SNAPSHOT, tools });
    writer.save('turned', 'k', { ...EMPTY_SNAPSHOT, tools, toolsCache: { ttlMs: 3_600_000, scope: 'private' } });
    writer.flush();
    const file = JSON.parse(readFileSync(path.join(dir, 'catalog-cache.json'), 'utf8')) as { servers: Record<string, unknown> };
    expect(Object.keys(file.servers)).toEqual(['pub']);
    expect(createSnapshotCache(dir, log).load('pub', 'k')?.snapshot.tools).toEqual(tools);
  });

  it('never serves a private list that an older gateway wrote', () => {
    const dir = tempDir();
    const savedAt = new Date().toISOString();
    const snapshot = { ...EMPTY_SNAPSHOT, toolsCache: { ttlMs: 3_600_000, scope: 'private' } };
    writeFileSync(path.join(dir, 'catalog-cache.json'), JSON.stringify({ version: 1, servers: { old: { key: 'k', savedAt, snapshot } } }));
    expect(createSnapshotCache(dir, createLogger({ level: 'silent' })).load('old', 'k')).toBeUndefined();
    expect(shareable(snapshot)).toBe(false);
    expect(shareable(EMPTY_SNAPSHOT)).toBe(true);
  });
});
