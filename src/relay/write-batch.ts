// Coalesces the writes made in one turn of the event loop into one write on the stream: under concurrency the lines
// of a burst reach the other process in one syscall and one wake-up instead of one each. A lone line is written as is.
export type Chunk = string | Uint8Array;

export interface WriteBatch {
  // Queues a chunk to go out at the end of this turn.
  push(chunk: Chunk): void;
  // Queues a chunk; resolves once the stream took it (at once, or on 'drain' under backpressure), rejects when the
  // stream is closed before it could.
  write(chunk: Chunk): Promise<void>;
  // Writes what is queued now (before the stream is ended, say).
  flush(): void;
  // Opens one line written piece by piece as it arrives (a large result streamed through, relay/stream-result.ts): what
  // was queued before goes out first, and whatever is queued while it is open waits until it ends. Undefined while
  // another such line is open or when the stream is closed: the caller buffers the line whole instead.
  open(): LineOut | undefined;
  // Ends an open line with a bare newline (the reader drops the unfinished line) and writes what is queued: the
  // session is closing. Later writes to that line are ignored.
  cut(): void;
}

export interface LineOut {
  write(chunk: Chunk): void;
  // Writes the last piece (which ends the line) and lets the queue go on.
  end(chunk: Chunk): void;
}

export interface BatchStream {
  readonly writable: boolean;
  cork(): void;
  uncork(): void;
  once(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

const TURN_END = Promise.resolve();

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

// `write` is the stream's own write (the stdout writer that protectStdout hands out, say); it returns false under backpressure.
export function createWriteBatch(stream: BatchStream, write: (chunk: Chunk) => boolean): WriteBatch {
  let queue: Chunk[] = [];
  let waiters: Waiter[] = [];
  let scheduled = false;
  // The line being written piece by piece (open()), if any: the queue waits.
  let lineOpen: object | undefined;

  const flush = () => {
    scheduled = false;
    if (lineOpen) return;
    const batch = queue;
    const settled = waiters;
    queue = [];
    if (settled.length > 0) waiters = [];
    if (batch.length === 0) return;
    if (!stream.writable) return rejectAll(settled);
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
    if (ok) for (const w of settled) w.resolve();
    else afterDrain(settled);
  };

  // Backpressure: settle on 'drain', or fail on 'close'/'error', whichever comes first.
  const afterDrain = (settled: Waiter[]) => {
    const done = (closed: boolean) => () => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', onClose);
      if (closed) rejectAll(settled);
      else for (const w of settled) w.resolve();
    };
    const onDrain = done(false);
    const onClose = done(true);
    stream.once('drain', onDrain);
    stream.once('close', onClose);
    stream.once('error', onClose);
  };

  const push = (chunk: Chunk) => {
    queue.push(chunk);
    if (scheduled) return;
    scheduled = true;
    // A microtask, as queueMicrotask would queue, without the async resource Node makes for each of those.
    void TURN_END.then(flush);
  };

  // Pieces of an open line go out as they come, under no backpressure of their own: the line was already in memory on
  // the way in, and a pipe to the client (stdout) is written synchronously anyway.
  const open = (): LineOut | undefined => {
    if (lineOpen || !stream.writable) return undefined;
    flush();
    const line = {};
    lineOpen = line;
    return {
      write: (chunk) => void (lineOpen === line && write(chunk)),
      end: (chunk) => {
        if (lineOpen !== line) return;
        write(chunk);
        lineOpen = undefined;
        if (queue.length > 0 && !scheduled) {
          scheduled = true;
          void TURN_END.then(flush);
        }
      },
    };
  };

  const cut = () => {
    if (lineOpen && stream.writable) write('\n');
    lineOpen = undefined;
    flush();
  };

  return {
    push,
    open,
    cut,
    write(chunk) {
      return new Promise((resolve, reject) => {
        push(chunk);
        waiters.push({ resolve, reject });
      });
    },
    flush,
  };
}

function rejectAll(waiters: Waiter[]): void {
  for (const w of waiters) w.reject(new Error('the stream closed before the message could be written'));
}
