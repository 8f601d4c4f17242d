// Coalesces bursts of upstream changes (ten servers becoming ready together) into one flush per turn, naming each
// list event once.
import type { ListKind } from '../upstream/lists.js';
import type { ListEvent } from './events.js';

// A list an upstream changed, or 'state': it became listable or stopped being so (every list it shows changed).
export type ChangeKind = ListKind | 'state';

export interface ChangeCoalescer {
  changed(what: ChangeKind): void;
}

// Tools first: a client re-reading its tools after list_changed sees prompts and resources re-announced after them.
const ORDER: readonly ListEvent[] = ['tools', 'prompts', 'resources'];

// `flush` runs once on the next turn after the first change of a burst, with the list events it amounts to in ORDER.
// A tools change also re-announces prompts and resources (a rebuilt catalog may rename or re-scope them).
export function createChangeCoalescer(
  flush: (events: ListEvent[]) => void,
  schedule: (run: () => void) => unknown = setImmediate,
): ChangeCoalescer {
  let pending: Set<ListEvent> | undefined;
  return {
    changed(what) {
      if (!pending) {
        const burst = new Set<ListEvent>();
        pending = burst;
        schedule(() => {
          pending = undefined;
          flush(ORDER.filter((event) => burst.has(event)));
        });
      }
      for (const event of eventsOf(what)) pending.add(event);
    },
  };
}

function eventsOf(what: ChangeKind): readonly ListEvent[] {
  if (what === 'tools' || what === 'state') return ORDER;
  return [what === 'prompts' ? 'prompts' : 'resources'];
}
