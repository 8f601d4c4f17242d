import { describe, expect, it } from 'vitest';
import { createBackoff } from '../../src/upstream/backoff.js';

describe('createBackoff', () => {
  it('doubles the delay with jitter and gives up after maxFailures', () => {
    const backoff = createBackoff({ baseMs: 100, maxMs: 1000, maxFailures: 4, random: () => 0.5 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 400]);
    expect(backoff.next()).toBeUndefined();
    expect(backoff.failures).toBe(4);
  });

  it('caps the delay, keeps jitter within ±20 % and starts over after reset', () => {
    const low = createBackoff({ baseMs: 1000, maxMs: 1500, maxFailures: 10, random: () => 0 });
    const high = createBackoff({ baseMs: 1000, maxMs: 1500, maxFailures: 10, random: () => 1 });
    expect([low.next(), low.next()]).toEqual([800, 1200]);
    expect(high.next()).toBeCloseTo(1200);
    expect(high.next()).toBeCloseTo(1800);
    low.reset();
    expect(low.failures).toBe(0);
    expect(low.next()).toBe(800);
  });

  it('waits for the one-minute window once the spawn budget is spent', () => {
    const backoff = createBackoff({ baseMs: 10, spawnsPerMinute: 3, maxFailures: 10, random: () => 0.5 });
    for (let i = 0; i < 3; i++) backoff.noteSpawn();
    const delay = backoff.next() as number;
    expect(delay).toBeGreaterThan(55_000);
    expect(delay).toBeLessThanOrEqual(60_000);
  });

  it('probes a remote server that ran out of attempts every 30 base delays, capped at the longest delay', () => {
    expect(createBackoff({ baseMs: 1000 }).probeMs).toBe(30_000);
    expect(createBackoff({ baseMs: 200 }).probeMs).toBe(6000);
    expect(createBackoff({ baseMs: 5000, maxMs: 60_000 }).probeMs).toBe(60_000);
  });
});
