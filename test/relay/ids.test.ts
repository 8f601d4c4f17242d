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

describe('createIdTable under load', () => {
  it('keeps hundreds of calls in flight apart, and finds none once closed or under a lookalike id', () => {
    const table = createIdTable<number>();
    const open = Array.from({ length: 300 }, (_, i) => table.open(i, () => i));
    const ids = open.map((o) => o?.upstreamId ?? '');
    expect(new Set(ids).size).toBe(300);
    ids.forEach((id, i) => expect(table.byUpstream(id)).toBe(i));
    expect(table.byClient(299)).toBe(299);
    // Long-lived calls keep their slots while many short ones come and go; no private id is given out twice.
    const seen = new Set(ids);
    let closed = 0;
    for (let i = 0; i < 2000; i++) {
      const short = table.open(`s${i}`, () => -1);
      seen.add(short?.upstreamId ?? '');
      if (table.close(short?.upstreamId ?? '')) closed++;
    }
    expect([seen.size, closed]).toEqual([2300, 2000]);
    for (const id of ids.slice(0, 150)) table.close(id);
    expect(table.size).toBe(150);
    expect(table.values().sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 150));
    expect(table.byUpstream(ids[0] ?? '')).toBeUndefined();
    expect(table.byUpstream(`gw~0${ids[200]?.slice(3) ?? ''}`)).toBeUndefined();
    expect(table.byUpstream('gw~x')).toBeUndefined();
    expect(table.byUpstream(ids[200] ?? '')).toBe(200);
  });
});
