// The relay's id table: private upstream ids that never clash with the SDK Client's, mapped both ways to client ids.
import { describe, expect, it } from 'vitest';
import { createIdTable, isPrivateId } from '../../src/relay/ids.js';

describe('createIdTable', () => {
  it('gives each call a fresh private id and finds it from either side', () => {
    const table = createIdTable<string>();
    const a = table.open(7, (up) => `call ${up}`);
    const b = table.open('7', (up) => `call ${up}`);
    expect(a?.upstreamId).toMatch(/^gw~\d+$/);
    expect(b?.upstreamId).not.toBe(a?.upstreamId);
    // 7 and "7" are two request ids.
    expect(table.byClient(7)).toBe(a?.value);
    expect(table.byClient('7')).toBe(b?.value);
    expect(table.byUpstream(a?.upstreamId ?? '')).toBe(a?.value);
    expect(table.size).toBe(2);
  });

  it('refuses a client id already in flight, and closes an entry once', () => {
    const table = createIdTable<number>();
    const first = table.open('x', () => 1);
    expect(table.open('x', () => 2)).toBeUndefined();
    expect(table.close(first?.upstreamId ?? '')).toBe(true);
    expect(table.close(first?.upstreamId ?? '')).toBe(false);
    expect(table.byClient('x')).toBeUndefined();
    expect(table.byUpstream(first?.upstreamId ?? '')).toBeUndefined();
    // Once closed, the client may use the id again, under a new private id.
    expect(table.open('x', () => 3)?.upstreamId).not.toBe(first?.upstreamId);
  });

  it('tells private ids from the SDK Client ids (integers) and from other strings', () => {
    expect(isPrivateId('gw~12')).toBe(true);
    expect(isPrivateId(12)).toBe(false);
    expect(isPrivateId('12')).toBe(false);
    expect(isPrivateId(undefined)).toBe(false);
  });
});
