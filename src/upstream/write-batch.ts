// Coalesces the writes made in one turn of the event loop into one write on the stream: under concurrency the lines
// of a burst reach the other process in one syscall and one wake-up instead of one each. A lone line is written as is.
export type Chunk = string | Uint8Array;

export interface WriteBatch {
  // Queues a chunk to go out at the end of this turn.
  push(chunk: Chunk): void;
  // Queues a chunk; settles once the stream took it (at once, or on 'drain' under backpressure).
  write(chunk: Chunk): Promise<void>;
}

interface Corkable {
  cork(): void;
  uncork(): void;
  once(event: 'drain', listener: () => void): unknown;
}

// `write` is the stream's own write (the stdout writer that protectStdout hands out, say); it returns false under backpressure.
export function createWriteBatch(stream: Corkable, write: (chunk: Chunk) => boolean): WriteBatch {
  let queue: Chunk[] = [];
  let waiters: Array<() => void> = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = queue;
    const settled = waiters;
    queue = [];
    waiters = [];
    let ok = true;
    if (batch.length === 1) ok = write(batch[0] as Chunk);
    else if (batch.every((c) => typeof c === 'string')) ok = write(batch.join(''));
    else {
      // Buffers (a large result passed through unparsed) go out with the lines around them in one writev, uncopied.
      stream.cork();
      for (const chunk of batch) ok = write(chunk) && ok;
      stream.uncork();
    }
    if (settled.length === 0) return;
    if (ok) for (const resolve of settled) resolve();
    else stream.once('drain', () => settled.forEach((resolve) => resolve()));
  };

  const push = (chunk: Chunk) => {
    queue.push(chunk);
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(flush);
  };

  return {
    push,
    write(chunk) {
      return new Promise((resolve) => {
        push(chunk);
        waiters.push(resolve);
      });
    },
  };
}
