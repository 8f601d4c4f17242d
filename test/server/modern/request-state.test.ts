import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindingOf, createStateSigner, loadSigningKey } from '../../../src/server/modern/request-state.js';

const signer = createStateSigner(Buffer.from('k'.repeat(32)));
const bind = bindingOf('tools/call', { name: 't', arguments: { a: 1 } }, 'http:/mcp');

describe('request state', () => {
  it('opens what it signed, for the same request, before it expires', () => {
    const state = signer.sign({ x: 'ex-1', b: bind, exp: 2_000 });
    expect(signer.open(state, bind, 1_000)).toEqual({ ok: true, payload: { x: 'ex-1', b: bind, exp: 2_000 } });
  });

  it('refuses an altered, foreign, rebound or expired state with a reason', () => {
    const state = signer.sign({ x: 'ex-1', b: bind, exp: 2_000 });
    const [v, body, mac] = state.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ x: 'ex-2', b: bind, exp: 9_999 })).toString('base64url');
    expect(signer.open(`${v}.${forged}.${mac}`, bind, 1_000)).toMatchObject({ ok: false, problem: expect.stringContaining('altered') });
    const other = createStateSigner(Buffer.from('z'.repeat(32)));
    expect(other.open(state, bind, 1_000)).toMatchObject({ ok: false, problem: expect.stringContaining('GW_SIGNING_KEY') });
    const otherBind = bindingOf('tools/call', { name: 't', arguments: { a: 2 } }, 'http:/mcp');
    expect(signer.open(state, otherBind, 1_000)).toMatchObject({ ok: false, problem: expect.stringContaining('different request') });
    expect(signer.open(state, bind, 2_000)).toMatchObject({ ok: false, problem: expect.stringContaining('expired') });
    expect(signer.open('garbage', bind, 1_000)).toMatchObject({ ok: false, problem: expect.stringContaining('malformed') });
    expect(body.length).toBeGreaterThan(0);
  });

  it('binds to the request without its envelope and answers, and to the route', () => {
    const withMeta = bindingOf('tools/call', { name: 't', arguments: { a: 1 }, _meta: { x: 1 }, requestState: 's', inputResponses: {} }, 'http:/mcp');
    expect(withMeta).toBe(bind);
    expect(bindingOf('tools/call', { name: 't', arguments: { a: 1 } }, 'http:/mcp/g/dev')).not.toBe(bind);
  });

  it('reads the key from GW_SIGNING_KEY or GW_SIGNING_KEY_FILE, else makes a random one', () => {
    expect(loadSigningKey({ GW_SIGNING_KEY: 'abc' }).toString()).toBe('abc');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-key-'));
    writeFileSync(path.join(dir, 'key'), 'a-long-shared-signing-key\n');
    expect(loadSigningKey({ GW_SIGNING_KEY_FILE: path.join(dir, 'key') }).toString()).toBe('a-long-shared-signing-key');
    expect(() => loadSigningKey({ GW_SIGNING_KEY_FILE: path.join(dir, 'missing') })).toThrow(/GW_SIGNING_KEY_FILE: cannot read/);
    expect(loadSigningKey({}).equals(loadSigningKey({}))).toBe(false);
  });
});
