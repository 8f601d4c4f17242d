// The relay's one timer: each call ends when its own deadline passes (moved later by progress), in any order of
// deadlines, and nothing fires for calls that already ended.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeadlines, type Timed } from '../../src/relay/deadlines.js';

describe('createDeadlines', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  function setup() {
    const calls = new Set<Timed & { name: string; due: number }>();
    const expired: string[] = [];
    const deadlines = createDeadlines(() => calls);
    const add = (name: string, timeoutMs: number) => {
      const call = {
        name,
        due: Date.now() + timeoutMs,
        expire: () => {
          calls.delete(call);
          expired.push(name);
        },
      };
      calls.add(call);
      deadlines.watch(call.due);
      return call;
    };
    return { calls, expired, deadlines, add };
  }

  it('ends each call at its own deadline, an earlier one added later included', () => {
    const { expired, add } = setup();
    add('slow', 5000);
    add('fast', 1000);
    vi.advanceTimersByTime(999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['fast']);
    vi.advanceTimersByTime(4000);
    expect(expired).toEqual(['fast', 'slow']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for a deadline moved later, and fires for nothing once the calls ended', () => {
    const { calls, expired, deadlines, add } = setup();
    const call = add('a', 1000);
    vi.advanceTimersByTime(800);
    call.due = Date.now() + 1000;
    deadlines.watch(call.due);
    vi.advanceTimersByTime(900);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['a']);
    add('b', 1000);
    calls.clear();
    vi.advanceTimersByTime(2000);
    expect(expired).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops its timer on close', () => {
    const { expired, deadlines, add } = setup();
    add('a', 1000);
    deadlines.close();
    vi.advanceTimersByTime(2000);
    expect(expired).toEqual([]);
  });
});
