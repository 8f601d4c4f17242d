// The line reader: lines split across chunks, CRLF, and oversized lines skipped (their id recovered) without losing the next ones.
import { describe, expect, it } from 'vitest';
import { BYTES_LINE, createLineReader } from '../../src/relay/line-reader.js';

function reader(maxBytes = 1024) {
  const lines: string[] = [];
  const oversize: Array<{ bytes: number; id: string | number | undefined }> = [];
  const r = createLineReader({
    maxBytes,
    onLine: (l) => lines.push(l),
    onOversize: (bytes, id) => oversize.push({ bytes, id }),
  });
  const push = (...chunks: string[]) => chunks.forEach((c) => r.push(Buffer.from(c)));
  return { lines, oversize, push, flush: r.flush };
}

describe('createLineReader', () => {
  it('emits each complete line, joining pieces split across chunks', () => {
    const r = reader();
    r.push('{"a":', '1}\n{"b"', ':2}\n{"c":3}\n{"d"');
    expect(r.lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    r.push(':4}\n');
    expect(r.lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
  });

  it('strips a trailing CR (CRLF line endings)', () => {
    const r = reader();
    r.push('one\r\ntwo\r', '\nthree\n');
    expect(r.lines).toEqual(['one', 'two', 'three']);
  });

  it('keeps multi-byte characters split between chunks intact', () => {
    const r = createLineReader({ maxBytes: 100, onLine: (l) => lines.push(l) });
    const lines: string[] = [];
    const bytes = Buffer.from('héllo→\n');
    r.push(bytes.subarray(0, 2));
    r.push(bytes.subarray(2, 7));
    r.push(bytes.subarray(7));
    expect(lines).toEqual(['héllo→']);
  });

  it('delivers an unterminated last line on flush', () => {
    const r = reader();
    r.push('done\npartial');
    expect(r.lines).toEqual(['done']);
    r.flush();
    expect(r.lines).toEqual(['done', 'partial']);
  });

  it('skips an oversized line whose id is at the end and still parses the following lines', () => {
    const r = reader(100);
    const big = `{"result":{"text":"${'x'.repeat(500)}"},"jsonrpc":"2.0","id":42}`;
    r.push('{"before":1}\n' + big.slice(0, 60), big.slice(60, 300), big.slice(300) + '\n{"after":2}\n');
    expect(r.lines).toEqual(['{"before":1}', '{"after":2}']);
    expect(r.oversize).toEqual([{ bytes: big.length, id: 42 }]);
  });

  it('finds a string id at the start of an oversized line', () => {
    const r = reader(100);
    const big = `{"jsonrpc":"2.0","id":"req-7","result":{"text":"${'y'.repeat(500)}"}}`;
    r.push(big.slice(0, 50), big.slice(50) + '\n', '{"next":true}\n');
    expect(r.oversize).toEqual([{ bytes: big.length, id: 'req-7' }]);
    expect(r.lines).toEqual(['{"next":true}']);
  });

  it('skips an oversized line that arrives in one chunk together with its neighbours', () => {
    const r = reader(64);
    const big = `{"jsonrpc":"2.0","id":3,"result":"${'z'.repeat(200)}"}`;
    r.push(`{"a":1}\n${big}\n{"b":2}\n`);
    expect(r.lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(r.oversize).toEqual([{ bytes: big.length, id: 3 }]);
  });

  it('reports no id when the oversized line has none, and accepts a line of exactly maxBytes', () => {
    const r = reader(10);
    r.push('x'.repeat(25) + '\n' + 'y'.repeat(10) + '\n');
    expect(r.oversize).toEqual([{ bytes: 25, id: undefined }]);
    expect(r.lines).toEqual(['y'.repeat(10)]);
  });

  it('reports an oversized unterminated line on flush', () => {
    const r = reader(10);
    r.push('{"id":9,', '"pad":"' + 'p'.repeat(40));
    r.flush();
    expect(r.lines).toEqual([]);
    expect(r.oversize).toEqual([{ bytes: 8 + 7 + 40, id: 9 }]);
  });
});

describe('createLineReader onBytes', () => {
  it('offers lines of BYTES_LINE bytes or more undecoded, and decodes the ones it declines', () => {
    const lines: string[] = [];
    const offered: Buffer[] = [];
    let take = true;
    const r = createLineReader({
      maxBytes: 4 * BYTES_LINE,
      onLine: (l) => lines.push(l),
      onBytes: (bytes) => (offered.push(bytes), take),
    });
    const big = 'y'.repeat(BYTES_LINE);
    r.push(Buffer.from(`small\n${big.slice(0, 1000)}`));
    r.push(Buffer.from(`${big.slice(1000)}\r\n`));
    expect(lines).toEqual(['small']);
    expect(offered).toHaveLength(1);
    expect(offered[0]?.toString()).toBe(big); // CR stripped, pieces joined
    take = false;
    r.push(Buffer.from(`${big}\n`));
    expect(offered).toHaveLength(2);
    expect(lines).toEqual(['small', big]);
  });

  it('hands a line that reaches BYTES_LINE to the sink it is offered to, piece by piece, and goes on after it', () => {
    const lines: string[] = [];
    const pieces: string[] = [];
    const ends: string[] = [];
    const heads: string[] = [];
    const r = createLineReader({
      maxBytes: 4 * BYTES_LINE,
      onLine: (l) => lines.push(l),
      onStream: (head) => {
        heads.push(head.subarray(0, 3).toString());
        return {
          write: (p) => void pieces.push(p.toString()),
          end: (l) => ends.push(l.toString()) > 0,
          abort: () => void ends.push('aborted'),
        };
      },
    });
    const half = 'y'.repeat(BYTES_LINE / 2);
    r.push(Buffer.from(`small\nabc${half}`));
    expect(heads).toEqual([]);
    r.push(Buffer.from(half));
    expect(heads).toEqual(['abc']);
    r.push(Buffer.from('zz'));
    r.push(Buffer.from('end\nnext\n'));
    expect(pieces.join('') + ends.join('')).toBe(`abc${half}${half}zzend`);
    expect(ends).toEqual(['end']);
    expect(lines).toEqual(['small', 'next']);
  });

  it('buffers a line whose offer is declined, and aborts a streamed line over maxBytes, reporting its id', () => {
    const lines: string[] = [];
    const ends: string[] = [];
    const oversize: Array<string | number | undefined> = [];
    let take = false;
    const r = createLineReader({
      maxBytes: 2 * BYTES_LINE,
      onLine: (l) => lines.push(l),
      onOversize: (_bytes, id) => oversize.push(id),
      onStream: () =>
        take ? { write: () => undefined, end: () => ends.push('end') > 0, abort: () => void ends.push('aborted') } : undefined,
    });
    const body = 'y'.repeat(BYTES_LINE);
    r.push(Buffer.from(body));
    r.push(Buffer.from('\n'));
    expect(lines).toEqual([body]);
    take = true;
    r.push(Buffer.from(body));
    r.push(Buffer.from(body));
    r.push(Buffer.from(`${body},"id":"gw~4"}\nafter\n`));
    expect(ends).toEqual(['aborted']);
    expect(oversize).toEqual(['gw~4']);
    expect(lines).toEqual([body, 'after']);
  });

  it('delivers a streamed line whole when its sink declines it at the end, or bails out midway, or at flush', () => {
    const lines: string[] = [];
    const events: string[] = [];
    let mode: 'decline' | 'bail' = 'decline';
    const r = createLineReader({
      maxBytes: 8 * BYTES_LINE,
      onLine: (l) => lines.push(l),
      onStream: (_head, bail) => ({
        write: () => {
          if (mode === 'bail') {
            events.push('bail');
            bail();
          }
        },
        end: () => (events.push('end'), false),
        abort: () => void events.push('abort'),
      }),
    });
    const body = 'y'.repeat(BYTES_LINE);
    r.push(Buffer.from(body));
    r.push(Buffer.from('tail\n'));
    expect(events).toEqual(['end']);
    expect(lines).toEqual([`${body}tail`]);
    mode = 'bail';
    r.push(Buffer.from(body));
    r.push(Buffer.from('more'));
    r.push(Buffer.from('end\n'));
    // Bailed on the first piece: the sink sees no more of the line, which arrives whole.
    expect(events).toEqual(['end', 'bail']);
    expect(lines).toEqual([`${body}tail`, `${body}moreend`]);
    mode = 'decline';
    r.push(Buffer.from(body));
    r.flush();
    expect(events).toEqual(['end', 'bail', 'abort']);
    expect(lines).toEqual([`${body}tail`, `${body}moreend`, body]);
  });
});
