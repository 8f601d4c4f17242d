// The write batch: the lines of one turn go out as one write; buffers go out uncopied with them (writev); a lone line
// is written as is; write() settles only once the stream took the chunk, after 'drain' under backpressure.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createWriteBatch, type Chunk } from '../../src/relay/write-batch.js';

function sink(highWaterMark = 1 << 20) {
  const writes: string[][] = [];
  let release: (() => void) | undefined;
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      writes.push([chunk.toString()]);
      if (highWaterMark < 1024) release = cb;
      else cb();
    },
    writev(chunks, cb) {
      writes.push(chunks.map((c) => Buffer.from(c.chunk as Buffer).toString()));
      cb();
    },
  });
  const batch = createWriteBatch(stream, (chunk: Chunk) => stream.write(chunk));
  return { writes, batch, stream, release: () => release?.() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('createWriteBatch', () => {
  it('writes the lines of one turn as one chunk, and a lone line as is', async () => {
    const s = sink();
    s.batch.push('a\n');
    s.batch.push('b\n');
    void s.batch.write('c\n');
    expect(s.writes).toEqual([]);
    await turn();
    expect(s.writes).toEqual([['a\nb\nc\n']]);
    s.batch.push('d\n');
    await turn();
    expect(s.writes).toEqual([['a\nb\nc\n'], ['d\n']]);
  });

  it('passes buffers on in order with the lines around them, in one writev', async () => {
    const s = sink();
    s.batch.push('{"id":1,');
    s.batch.push(Buffer.from('"result":{}'));
    s.batch.push('}\n');
    await turn();
    expect(s.writes).toEqual([['{"id":1,', '"result":{}', '}\n']]);
  });

  it('rejects write() instead of hanging when the stream ended before the flush, or closes while waiting for drain', async () => {
    const ended = sink();
    const late = ended.batch.write('after end\n');
    ended.stream.end();
    await expect(late).rejects.toThrow(/closed before/);
    expect(ended.writes).toEqual([]);

    const slow = sink(4);
    const waiting = slow.batch.write('more than four bytes\n');
    await turn();
    slow.stream.destroy();
    await expect(waiting).rejects.toThrow(/closed before/);
  });

  it('flush() writes what is queued at once', () => {
    const s = sink();
    s.batch.push('a\n');
    s.batch.push('b\n');
    s.batch.flush();
    expect(s.writes).toEqual([['a\nb\n']]);
  });

  it('settles write() at once when the stream takes the chunk, and after drain under backpressure', async () => {
    const fast = sink();
    await fast.batch.write('x\n');
    expect(fast.writes).toEqual([['x\n']]);

    const slow = sink(4);
    let settled = false;
    const pending = slow.batch.write('more than four bytes\n').then(() => (settled = true));
    await turn();
    await turn();
    expect(slow.writes).toEqual([['more than four bytes\n']]);
    expect(settled).toBe(false);
    slow.release();
    await pending;
    expect(settled).toBe(true);
  });

  it('opens a line written piece by piece: what was queued goes first, what is queued meanwhile waits for its end', async () => {
    const s = sink();
    s.batch.push('before\n');
    const line = s.batch.open();
    expect(line).toBeDefined();
    expect(s.batch.open()).toBeUndefined();
    s.batch.push('during\n');
    line?.write('{"result":');
    await turn();
    line?.write(Buffer.from('{}'));
    line?.end(',"id":1}\n');
    await turn();
    expect(s.writes.flat().join('')).toBe('before\n{"result":{},"id":1}\nduring\n');
    expect(s.batch.open()).toBeDefined();
  });

  it('cuts an open line with a bare newline when closing, writes what waited, and ignores the line after', () => {
    const s = sink();
    const line = s.batch.open();
    line?.write('{"result":{"partial');
    s.batch.push('queued\n');
    s.batch.cut();
    line?.write('ignored');
    line?.end('ignored\n');
    expect(s.writes.flat().join('')).toBe('{"result":{"partial\nqueued\n');
  });
});
