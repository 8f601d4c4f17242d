// Restart pacing: exponential backoff with jitter, a cap on consecutive failures, and at most ~10 spawns a minute.

// A connection up this long resets the failure count.
export const HEALTHY_MS = 60_000;

export interface Backoff {
  readonly failures: number;
  // How often a remote server that ran out of attempts is tried again (30 s; follows GW_BACKOFF_BASE_MS in tests).
  readonly probeMs: number;
  // The delay before the next attempt, or undefined when it is time to give up.
  next(): number | undefined;
  reset(): void;
  noteSpawn(): void;
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  maxFailures?: number;
  spawnsPerMinute?: number;
  random?: () => number;
}

export function createBackoff(options: BackoffOptions = {}): Backoff {
  const base = options.baseMs ?? envNumber('GW_BACKOFF_BASE_MS') ?? 1000;
  const max = options.maxMs ?? 30_000;
  const maxFailures = options.maxFailures ?? 5;
  const perMinute = options.spawnsPerMinute ?? 10;
  const random = options.random ?? Math.random;
  let failures = 0;
  const spawns: number[] = [];
  return {
    probeMs: Math.min(max, base * 30),
    get failures() {
      return failures;
    },
    next() {
      failures++;
      if (failures >= maxFailures) return undefined;
      const exp = Math.min(max, base * 2 ** (failures - 1));
      const jittered = exp * (0.8 + 0.4 * random());
      // Never more than `perMinute` spawns in any 60 s window.
      const now = Date.now();
      while (spawns.length > 0 && now - (spawns[0] as number) > 60_000) spawns.shift();
      const windowWait = spawns.length >= perMinute ? 60_000 - (now - (spawns[0] as number)) : 0;
      return Math.max(jittered, windowWait);
    },
    reset() {
      failures = 0;
    },
    noteSpawn() {
      spawns.push(Date.now());
    },
  };
}

// Test and tuning hook: GW_BACKOFF_BASE_MS shortens restart delays.
function envNumber(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
