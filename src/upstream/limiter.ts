// Bounds the calls in flight to one upstream; callers beyond the bound queue, and a full queue fails fast.
import { GatewayError } from '../errors.js';

export interface Limiter {
  readonly active: number;
  readonly queued: number;
  acquire(server: string, signal?: AbortSignal): Promise<() => void>;
  // A slot now, or undefined when all are taken (the relay then hands the call on to the regular path, which queues).
  tryAcquire(): (() => void) | undefined;
}

export function createLimiter(maxActive: number, maxQueue: number): Limiter {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  const releaseOnce = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };
  return {
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    tryAcquire() {
      if (active >= maxActive) return undefined;
      active++;
      return releaseOnce();
    },
    acquire(server, signal) {
      if (active < maxActive) {
        active++;
        return Promise.resolve(releaseOnce());
      }
      if (queue.length >= maxQueue) {
        return Promise.reject(
          new GatewayError(
            'UPSTREAM_UNAVAILABLE',
            `server '${server}' is busy: ${active} calls in flight and ${queue.length} queued (raise maxInFlight or settings.maxQueue)`,
          ),
        );
      }
      if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('cancelled'));
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(releaseOnce());
        };
        const onAbort = () => {
          const i = queue.indexOf(grant);
          if (i >= 0) queue.splice(i, 1);
          reject(signal?.reason ?? new Error('cancelled'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(grant);
      });
    },
  };
}
