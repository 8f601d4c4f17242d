// One timer for all the calls a relay has in flight: each call keeps its own deadline, and the timer is armed for the
// earliest. A call then costs no timer of its own (a setTimeout and a clearTimeout per call showed in profiles).
export interface Timed {
  // When the call times out (ms since the epoch); a call that reported progress moves it later.
  readonly due: number;
  // The deadline passed: the call ends (and leaves whatever `calls()` lists).
  expire(now: number): void;
}

export interface Deadlines {
  // A call was opened (or moved its deadline) with this deadline.
  watch(due: number): void;
  close(): void;
}

// `calls` lists the calls in flight. The timer never holds the process open (the session's pipes do), and it is not
// cleared when a call ends: it fires at the earliest deadline it was armed for, ends what is due, and arms again for
// the next call in flight, if any.
const MAX_DELAY = 2 ** 31 - 1;

export function createDeadlines(calls: () => Iterable<Timed>): Deadlines {
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Infinity;

  const arm = (at: number) => {
    if (at >= armedFor) return;
    if (timer) clearTimeout(timer);
    armedFor = at;
    // Beyond setTimeout's range it fires early, finds nothing due and arms again.
    timer = setTimeout(fire, Math.min(MAX_DELAY, Math.max(0, at - Date.now())));
    timer.unref();
  };

  function fire() {
    timer = undefined;
    armedFor = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const call of [...calls()]) {
      if (call.due <= now) call.expire(now);
      else if (call.due < next) next = call.due;
    }
    if (next !== Infinity) arm(next);
  }

  return {
    watch: arm,
    close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      armedFor = Infinity;
    },
  };
}
