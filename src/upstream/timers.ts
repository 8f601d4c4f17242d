// The named timers of one upstream (retry after backoff, healthy-for-a-while, idle stop of a lazy server): each
// replaces its previous arming, none keeps the process alive, and all are cleared together at teardown.
export type TimerName = 'retry' | 'healthy' | 'idle';

export interface Timers {
  arm(name: TimerName, ms: number, fire: () => void): void;
  clear(...names: TimerName[]): void;
}

export function createTimers(): Timers {
  const timers = new Map<TimerName, NodeJS.Timeout>();
  return {
    arm(name, ms, fire) {
      clearTimeout(timers.get(name));
      timers.set(name, setTimeout(fire, ms).unref());
    },
    clear(...names) {
      for (const name of names) clearTimeout(timers.get(name));
    },
  };
}
