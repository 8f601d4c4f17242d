// Callers waiting for an upstream to settle (ready, failed or stopped), each bounded by its own timeout and signal.
export class Waiters {
  private list: Array<() => void> = [];

  get size(): number {
    return this.list.length;
  }

  // Resolves on wakeAll(); rejects with timedOut() after timeoutMs, or with the signal's reason when it aborts.
  wait(timeoutMs: number, signal: AbortSignal | undefined, timedOut: () => Error): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown) => {
        this.list = this.list.filter((w) => w !== done);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const done = () => settle();
      const onAbort = () => settle(signal?.reason ?? new Error('cancelled'));
      const timer = setTimeout(() => settle(timedOut()), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.list.push(done);
    });
  }

  wakeAll(): void {
    const list = this.list;
    this.list = [];
    for (const wake of list) wake();
  }
}
