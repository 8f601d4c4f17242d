// What a sandboxed run exchanges with its host: the host's functions, the limits, the outcome; and the script's timer.
import type { ScriptError } from './script-errors.js';

export type StopReason = 'timeout' | 'memory' | 'calls' | 'output' | 'cancelled';

// Thrown (or rejected) by a host function to end the run: a limit hit, not an error the script may catch.
export class RunStopped extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
  }
}

// What the script can reach. Each answer is JSON text: `{ ok: true, value }` or `{ ok: false, error }`.
export interface SandboxHost {
  call(name: string, argsJson: string): Promise<string>;
  search(query: string): Promise<string>;
  describe(name: string): Promise<string>;
}

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
  maxOutputChars: number;
}

export interface SandboxOutcome {
  // console output, cut at the output limit.
  output: string;
  // The returned value as text ('' when the script returned nothing).
  result?: string;
  error?: ScriptError;
  stopped?: { reason: StopReason; message: string };
  // Time to create the runtime and set up the script's world.
  startMs: number;
}

// The script's only timer: resolves after `ms`, never later than the run's deadline or its cancellation.
export function sleepFor(ms: number, deadline: number, signal?: AbortSignal): Promise<string> {
  const wait = Math.max(0, Math.min(Number.isFinite(ms) ? ms : 0, deadline - Date.now()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(JSON.stringify({ ok: true, value: null }));
    }, wait);
    const onAbort = () => clearTimeout(timer);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
