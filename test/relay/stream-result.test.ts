// streamResult: a large response goes out as it comes with only its id swapped at the end. Anything else at the end
// (a late answer, an id not the relay's, another key order) is declined and the client's line cut; so is a line whose
// upstream stalls (the reader then buffers it) or that is aborted.
import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { streamResult, type StreamTarget } from '../../src/relay/stream-result.js';
import type { Chunk, LineOut } from '../../src/relay/write-batch.js';

function target(finish: StreamTarget['finish'] = () => 42, stallMs = 60_000) {
  const written: string[] = [];
  const raw: Buffer[] = [];
  const calls: string[] = [];
  let ended = false;
  let bailed!: () => void;
  const bailedOut = new Promise<void>((resolve) => (bailed = resolve));
  const out: LineOut = {
    write: (c: Chunk) => {
      raw.push(Buffer.from(c));
      written.push(Buffer.from(c).toString());
    },
    end: (c: Chunk) => {
      raw.push(Buffer.from(c));
      written.push(Buffer.from(c).toString());
      ended = true;
    },
  };
  const sink = streamResult({
    out,
    finish: (id) => (calls.push(id), finish(id)),
    bail: () => bailed(),
    stallMs,
  });
  return { sink, calls, bailedOut, text: () => written.join(''), ended: () => ended, written, raw };
}

const body = `{"result":{"content":[{"type":"text","text":"${'x'.repeat(1000)}"}]}`;

describe('streamResult', () => {
  it('swaps the id at the end for the client’s, whatever the pieces', () => {
    for (const size of [1, 7, 127, 128, 129, 300]) {
      const t = target();
      const whole = Buffer.from(`${body},"jsonrpc":"2.0","id":"gw~17"}`);
      let at = 0;
      for (; at + size < whole.length; at += size) t.sink.write(whole.subarray(at, at + size));
      expect(t.sink.end(whole.subarray(at))).toBe(true);
      expect(t.text()).toBe(`${body},"jsonrpc":"2.0","id":42}\n`);
      expect(t.calls).toEqual(['gw~17']);
      // Something went out before the end.
      expect(t.written.length).toBeGreaterThan(1);
    }
  });

  it('holds back the end until the line ends', () => {
    const t = target(() => 1);
    t.sink.write(Buffer.from(`${body},"jsonrpc":"2.0","id":"gw~1"`));
    expect(t.text()).not.toContain('gw~1');
    expect(t.sink.end(Buffer.from('}'))).toBe(true);
    expect(t.text().endsWith('"id":1}\n')).toBe(true);
  });

  it('declines a late answer, an id not the relay’s and another key order, cutting the client’s line', () => {
    const late = target(() => undefined);
    late.sink.write(Buffer.from(body));
    expect(late.sink.end(Buffer.from(',"jsonrpc":"2.0","id":"gw~3"}'))).toBe(false);
    expect(late.calls).toEqual(['gw~3']);
    expect(late.text().endsWith('\n')).toBe(true);
    expect(late.text()).not.toContain('gw~3');
    for (const end of [
      ',"jsonrpc":"2.0","id":5}',
      ',"jsonrpc":"2.0","id":"other~1"}',
      ',"id":"gw~4","jsonrpc":"2.0"}',
    ]) {
      const t = target();
      t.sink.write(Buffer.from(body));
      expect(t.sink.end(Buffer.from(end))).toBe(false);
      expect(t.calls).toEqual([]);
      expect(t.ended()).toBe(true);
      expect(t.text()).not.toContain('"id"');
    }
  });

  it('cuts the line on abort, and when the upstream stalls it bails out to the reader', async () => {
    const aborted = target();
    aborted.sink.write(Buffer.from(body));
    aborted.sink.abort();
    expect(aborted.ended()).toBe(true);
    expect(aborted.text().endsWith('\n')).toBe(true);
    const stalled = target(() => 1, 30);
    stalled.sink.write(Buffer.from(body));
    await stalled.bailedOut;
    expect(stalled.ended()).toBe(true);
    // After bailing out the sink takes nothing more (the reader buffers the rest).
    const before = stalled.text();
    stalled.sink.write(Buffer.from('more'));
    expect(stalled.sink.end(Buffer.from(',"jsonrpc":"2.0","id":"gw~1"}'))).toBe(false);
    expect(stalled.text()).toBe(before);
  });

  it('writes whole UTF-8 characters only, so a line cut anywhere stays valid UTF-8', () => {
    // Every offset of the 3-byte characters against the 128 bytes held back, and pieces of every kind of size.
    for (const pad of ['', 'a', 'ab'])
      for (const size of [1, 2, 3, 5, 64, 129, 130, 131, 500]) {
        const bytes = Buffer.from(
          `{"result":{"content":[{"type":"text","text":"${pad}${'日本語→'.repeat(200)}`,
        );
        const t = target();
        for (let at = 0; at < bytes.length; at += size) t.sink.write(bytes.subarray(at, at + size));
        t.sink.abort();
        expect(isUtf8(Buffer.concat(t.raw))).toBe(true);
        expect(t.raw.length).toBeGreaterThan(1);
      }
  });
});
