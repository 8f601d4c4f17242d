import { describe, expect, it } from 'vitest';
import { Waiters } from '../../src/upstream/waiters.js';

describe('Waiters', () => {
  it('wakes every waiter at once and forgets them', async () => {
    const waiters = new Waiters();
    const waits = [waiters.wait(60_000, undefined, () => new Error('late')), waiters.wait(60_000, undefined, () => new Error('late'))];
    expect(waiters.size).toBe(2);
    waiters.wakeAll();
    await expect(Promise.all(waits)).resolves.toEqual([undefined, undefined]);
    expect(waiters.size).toBe(0);
  });

  it('rejects one waiter with its own timeout error and leaves the others', async () => {
    const waiters = new Waiters();
    const short = waiters.wait(1, undefined, () => new Error('not ready within 1 ms'));
    const long = waiters.wait(60_000, undefined, () => new Error('late'));
    await expect(short).rejects.toThrow('not ready within 1 ms');
    expect(waiters.size).toBe(1);
    waiters.wakeAll();
    await expect(long).resolves.toBeUndefined();
  });

  it('rejects with the abort reason when the signal aborts, also when it already has', async () => {
    const waiters = new Waiters();
    const controller = new AbortController();
    const waiting = waiters.wait(60_000, controller.signal, () => new Error('late'));
    controller.abort(new Error('client cancelled'));
    await expect(waiting).rejects.toThrow('client cancelled');
    expect(waiters.size).toBe(0);
  });
});
