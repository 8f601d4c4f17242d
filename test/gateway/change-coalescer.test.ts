// The change coalescer: a burst of upstream changes becomes one flush naming each list event once, in a fixed order.
import { describe, expect, it } from 'vitest';
import { createChangeCoalescer } from '../../src/gateway/change-coalescer.js';
import type { ListEvent } from '../../src/gateway/events.js';

// A scheduler the test runs by hand, so a "turn" is explicit.
function manual() {
  const queue: Array<() => void> = [];
  const flushes: ListEvent[][] = [];
  const coalescer = createChangeCoalescer(
    (events) => flushes.push(events),
    (run) => queue.push(run),
  );
  const turn = () => {
    for (const run of queue.splice(0)) run();
  };
  return { coalescer, flushes, queue, turn };
}

describe('createChangeCoalescer', () => {
  it('turns a burst of changes into one flush on the next turn, each event once', () => {
    const { coalescer, flushes, queue, turn } = manual();
    for (let i = 0; i < 10; i++) coalescer.changed('prompts');
    coalescer.changed('resources');
    coalescer.changed('resourceTemplates');
    expect(queue).toHaveLength(1);
    expect(flushes).toEqual([]);
    turn();
    expect(flushes).toEqual([['prompts', 'resources']]);
  });

  it('re-announces prompts and resources after a tools change, tools first', () => {
    const { coalescer, flushes, turn } = manual();
    coalescer.changed('resources');
    coalescer.changed('tools');
    turn();
    expect(flushes).toEqual([['tools', 'prompts', 'resources']]);
  });

  it('treats a state change (listable or not) as a change of every list', () => {
    const { coalescer, flushes, turn } = manual();
    coalescer.changed('state');
    turn();
    expect(flushes).toEqual([['tools', 'prompts', 'resources']]);
  });

  it('maps each single kind to its own event', () => {
    const { coalescer, flushes, turn } = manual();
    coalescer.changed('prompts');
    turn();
    coalescer.changed('resourceTemplates');
    turn();
    coalescer.changed('tools');
    turn();
    expect(flushes).toEqual([['prompts'], ['resources'], ['tools', 'prompts', 'resources']]);
  });

  it('starts a new burst after a flush, including for changes made during the flush', () => {
    const queue: Array<() => void> = [];
    const flushes: ListEvent[][] = [];
    const coalescer = createChangeCoalescer(
      (events) => {
        flushes.push(events);
        if (flushes.length === 1) coalescer.changed('prompts');
      },
      (run) => queue.push(run),
    );
    coalescer.changed('resources');
    queue.shift()?.();
    expect(queue).toHaveLength(1);
    queue.shift()?.();
    expect(flushes).toEqual([['resources'], ['prompts']]);
  });

  it('by default flushes once per turn of the event loop', async () => {
    const flushes: ListEvent[][] = [];
    const coalescer = createChangeCoalescer((events) => flushes.push(events));
    coalescer.changed('tools');
    coalescer.changed('prompts');
    expect(flushes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toEqual([['tools', 'prompts', 'resources']]);
  });
});
