// streamResult: a large response goes out as it comes with only its id swapped at the end; a late one (its call gone)
// ends with a null id; one whose end is not the promised shape goes out as it came; an abort ends the line.
import { describe, expect, it } from 'vitest';
import { streamResult } from '../../src/relay/stream-result.js';
import type { Chunk, LineOut } from '../../src/relay/write-batch.js';

function out() {
  const written: string[] = [];
  let ended = false;
  const line: LineOut = {
    write: (c: Chunk) => void written.push(Buffer.from(c).toString()),
    end: (c: Chunk) => {
      written.push(Buffer.from(c).toString());
      ended = true;
    },
  };
  return { line, text: () => written.join(''), ended: () => ended, written };
}

const body = `{"result":{"content":[{"type":"text","text":"${'x'.repeat(1000)}"}]}`;

describe('streamResult', () => {
  it('swaps the id at the end for the client’s, whatever the pieces', () => {
    for (const size of [1, 7, 127, 128, 129, 300]) {
      const o = out();
      const finished: string[] = [];
      const sink = streamResult(o.line, (id) => (finished.push(id), 42));
      const whole = Buffer.from(`${body},"jsonrpc":"2.0","id":"gw~17"}`);
      let at = 0;
      for (; at + size < whole.length; at += size) sink.write(whole.subarray(at, at + size));
      sink.end(whole.subarray(at));
      expect(o.text()).toBe(`${body},"jsonrpc":"2.0","id":42}\n`);
      expect(finished).toEqual(['gw~17']);
      // Something went out before the end.
      expect(o.written.length).toBeGreaterThan(1);
    }
  });

  it('holds back the end until the line ends', () => {
    const o = out();
    const sink = streamResult(o.line, () => 1);
    sink.write(Buffer.from(`${body},"jsonrpc":"2.0","id":"gw~1"`));
    expect(o.text()).not.toContain('gw~1');
    sink.end(Buffer.from('}'));
    expect(o.text().endsWith('"id":1}\n')).toBe(true);
  });

  it('ends a late answer with a null id, and a malformed end as it came', () => {
    const late = out();
    streamResult(late.line, () => undefined).end(Buffer.from(`${body},"jsonrpc":"2.0","id":"gw~3"}`));
    expect(late.text()).toBe(`${body},"jsonrpc":"2.0","id":null}\n`);
    const odd = out();
    const calls: string[] = [];
    streamResult(odd.line, (id) => (calls.push(id), 1)).end(Buffer.from(`${body},"id":5}`));
    expect(odd.text()).toBe(`${body},"id":5}\n`);
    expect(calls).toEqual([]);
  });

  it('ends the line on abort', () => {
    const o = out();
    const sink = streamResult(o.line, () => 1);
    sink.write(Buffer.from(body));
    sink.abort();
    expect(o.ended()).toBe(true);
    expect(o.text().endsWith('\n')).toBe(true);
  });
});
