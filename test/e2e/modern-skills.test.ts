// Skills (SEP-2640) for a 2026-07-28 client over stdio: skills/list merged from two servers with the list's ttlMs and
// cacheScope, and skills/get routed by the scoped skill:// URI, in the 2026 shape.
import { describe, expect, it } from 'vitest';
import { fixtureEntry, writeConfig } from '../helpers/gw.js';
import { startModernStdio } from '../helpers/modern.js';

const SKILLS = 'io.modelcontextprotocol/skills';
const caps = { extensions: { [SKILLS]: {} } };

describe('skills for a 2026-07-28 client', () => {
  it('lists both servers skills with ttlMs and cacheScope and gets one by its scoped URI', async () => {
    const configPath = writeConfig({
      mcpServers: { alpha: fixtureEntry('skills.ts', { FIXTURE_NAME: 'alpha' }), beta: fixtureEntry('skills.ts', { FIXTURE_NAME: 'beta' }) },
    });
    const c = startModernStdio(configPath);
    const discover = await c.request('server/discover', {}, caps);
    expect((discover.result?.capabilities as { extensions?: Record<string, unknown> } | undefined)?.extensions?.[SKILLS]).toBeDefined();
    // A first list may come while the servers start; the gateway waits on each, so both are there.
    const list = await c.request('skills/list', {}, caps);
    expect(list.error, JSON.stringify(list.error)).toBeUndefined();
    expect(list.result).toMatchObject({ resultType: 'complete', cacheScope: 'private', ttlMs: expect.any(Number) });
    const uris = (list.result?.skills as Array<{ uri: string }>).map((s) => s.uri);
    expect(uris.some((u) => u.startsWith('skill://alpha/'))).toBe(true);
    expect(uris.some((u) => u.startsWith('skill://beta/'))).toBe(true);
    const uri = uris.find((u) => u.startsWith('skill://beta/')) as string;
    const got = await c.request('skills/get', { uri }, caps);
    expect(got.error, JSON.stringify(got.error)).toBeUndefined();
    expect(got.result).toMatchObject({ resultType: 'complete' });
    expect(JSON.stringify(got.result)).toContain('skill://beta/');
  });
});
