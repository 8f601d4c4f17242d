// Waits for plugin code (a hook, setup, close) at most `ms`, and no longer than `signal` allows: plugin code that
// never answers fails what it was part of instead of holding it for ever.
import { GatewayError } from '../errors.js';

// Rejects with GatewayError('DEADLINE', `${late} within N s`) after `ms`, or with an Error when `signal` aborts. A value that is
// not a promise is returned as is.
export async function withDeadline<T>(work: T | PromiseLike<T>, ms: number, late: string, signal?: AbortSignal): Promise<T> {
  if (typeof (work as { then?: unknown } | null)?.then !== 'function') return work as T;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      Promise.resolve(work),
      new Promise<never>((_, reject) => {
        // Not unref'd: a setup that hangs on nothing would otherwise let the process exit silently with code 0.
        timer = setTimeout(() => reject(new GatewayError('DEADLINE', `${late} within ${ms / 1000} s`)), ms);
        if (!signal) return;
        onAbort = () => reject(new Error('the call was cancelled'));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
