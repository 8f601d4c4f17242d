// Splits a byte stream into newline-terminated lines in linear time, skipping (not buffering) lines over a size limit,
// and handing a large line on piece by piece to whoever asks for it (onStream).

export interface LineReaderOptions {
  maxBytes: number;
  onLine: (line: string) => void;
  // Offered each line of at least BYTES_LINE bytes before it is decoded; returning true means it was taken as is.
  onBytes?: (bytes: Buffer) => boolean;
  // Called when a line over maxBytes was skipped; `id` is the JSON-RPC id if one could be read from its head or tail.
  onOversize?: (bytes: number, id: string | number | undefined) => void;
  // Offered the first bytes of a line still arriving once BYTES_LINE of it are in; a sink returned is handed that
  // line's pieces as they come. The pieces are kept all the same, so the line can still be delivered whole: when the
  // sink's end() declines it, or after the sink called `bail` (from then on the line is only buffered). Over maxBytes
  // the sink is aborted and the line skipped.
  onStream?: (head: Buffer, bail: () => void) => LineSink | undefined;
}

export interface LineSink {
  write(piece: Buffer): void;
  // The last piece, without the newline; false declines the line, which is then delivered whole (onBytes / onLine).
  end(last: Buffer): boolean;
  // The line will not be finished (over maxBytes, or the stream ended).
  abort(): void;
}

export interface LineReader {
  push: (chunk: Buffer) => void;
  // Delivers a final unterminated line (at end of stream).
  flush: () => void;
}

const EDGE = 256;
// From this size on, decoding and re-encoding a line costs more than looking at its ends (see onBytes).
export const BYTES_LINE = 256 * 1024;
const ID_AT_END = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*\}\s*$/;
const ID_AT_START = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;

export function createLineReader(options: LineReaderOptions): LineReader {
  let parts: Buffer[] = [];
  let size = 0;
  // While skipping an oversized line we keep only its first and last bytes (to find its id).
  let skipping = false;
  let head = '';
  let tail: Buffer = Buffer.alloc(0);
  // The line being streamed: its sink, and whether this line was offered yet.
  let sink: LineSink | undefined;
  let offered = false;

  const emit = (last: Buffer) => {
    offered = false;
    const whole = parts.length === 0 ? last : Buffer.concat([...parts, last], size + last.length);
    parts = [];
    size = 0;
    const line = whole.length > 0 && whole[whole.length - 1] === 13 ? whole.subarray(0, -1) : whole;
    if (line.length >= BYTES_LINE && options.onBytes?.(line)) return;
    options.onLine(line.toString('utf8'));
  };

  const endSkip = (last: Buffer) => {
    const end = Buffer.concat([tail, last]).subarray(-EDGE).toString('utf8');
    const total = size + last.length;
    const m = ID_AT_END.exec(end) ?? ID_AT_START.exec(head);
    const raw = m?.[1];
    const id =
      raw === undefined ? undefined : raw.startsWith('"') ? (JSON.parse(raw) as string) : Number(raw);
    skipping = false;
    offered = false;
    size = 0;
    head = '';
    tail = Buffer.alloc(0);
    options.onOversize?.(total, id);
  };

  const push = (chunk: Buffer) => {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      const piece = chunk.subarray(start, nl);
      if (sink) endStream(piece);
      else if (skipping) endSkip(piece);
      else if (size + piece.length > options.maxBytes) {
        head = (parts[0] ?? piece).subarray(0, EDGE).toString('utf8');
        tail = parts[parts.length - 1] ?? Buffer.alloc(0);
        parts = [];
        endSkip(piece);
      } else emit(piece);
      start = nl + 1;
    }
    if (start >= chunk.length) return;
    const rest = chunk.subarray(start);
    if (sink) return streamOn(rest);
    if (skipping) {
      size += rest.length;
      tail = Buffer.concat([tail, rest]).subarray(-EDGE);
      return;
    }
    if (size + rest.length > options.maxBytes) {
      const first = parts.length > 0 ? (parts[0] as Buffer) : rest;
      head = first.subarray(0, EDGE).toString('utf8');
      tail = Buffer.concat([...parts.slice(-1), rest]).subarray(-EDGE);
      parts = [];
      size += rest.length;
      skipping = true;
      return;
    }
    parts.push(rest);
    size += rest.length;
    if (!offered && size >= BYTES_LINE && options.onStream) offer();
  };

  const offer = () => {
    offered = true;
    const first = parts[0] as Buffer;
    // Only this line's sink may bail out, and only while it is still the one streaming.
    const bail = () => {
      if (sink === taken) sink = undefined;
    };
    const taken = options.onStream?.(first.length >= EDGE ? first : Buffer.concat(parts).subarray(0, EDGE), bail);
    sink = taken;
    for (const part of parts) sink?.write(part);
  };

  const streamOn = (rest: Buffer) => {
    if (size + rest.length > options.maxBytes) {
      toSkip();
      size += rest.length;
      tail = Buffer.concat([tail, rest]).subarray(-EDGE);
      return;
    }
    parts.push(rest);
    size += rest.length;
    sink?.write(rest);
  };

  const endStream = (last: Buffer) => {
    if (size + last.length > options.maxBytes) {
      toSkip();
      endSkip(last);
      return;
    }
    const done = sink;
    sink = undefined;
    const piece = last.length > 0 && last[last.length - 1] === 13 ? last.subarray(0, -1) : last;
    if (!done?.end(piece)) return emit(last);
    parts = [];
    size = 0;
    offered = false;
  };

  // A streamed line over the limit: its sink is aborted and the rest skipped as any oversized line is.
  const toSkip = () => {
    sink?.abort();
    sink = undefined;
    skipping = true;
    head = (parts[0] ?? Buffer.alloc(0)).subarray(0, EDGE).toString('utf8');
    tail = (parts[parts.length - 1] ?? Buffer.alloc(0)).subarray(-EDGE);
    parts = [];
  };

  const flush = () => {
    sink?.abort();
    sink = undefined;
    if (skipping) endSkip(Buffer.alloc(0));
    else if (size > 0) emit(Buffer.alloc(0));
  };

  return { push, flush };
}
