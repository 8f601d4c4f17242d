// The byte splice: an upstream's response reaches the client with only its id swapped, as the bytes it came in (a large
// result is never decoded, parsed or copied) or as its line with the id replaced at either end.
import { isUtf8 } from 'node:buffer';
import type { Chunk } from './write-batch.js';

export type JsonId = string | number;

// The client's response around a result member passed through unparsed (`result` = `"result":{…}`, no braces).
export function wrapResultBytes(result: Buffer, clientId: JsonId): Chunk[] {
  return [`{"jsonrpc":"2.0","id":${JSON.stringify(clientId)},`, result, '}\n'];
}

// The line of a parsed response whose top-level id is `upstreamId`, with that id swapped for the client's where it sits at
// the end or the start, or undefined when it sits elsewhere (the caller re-serializes then). An id at the very end is
// the top-level one (the last brace closes the message; a quote inside a string would be escaped), as is one right
// after the opening `{"jsonrpc":"2.0",`.
export function spliceId(line: string, upstreamId: JsonId, clientId: JsonId): string | undefined {
  const from = JSON.stringify(upstreamId);
  const to = JSON.stringify(clientId);
  const tail = `"id":${from}}`;
  if (line.endsWith(tail)) return `${line.slice(0, line.length - tail.length)}"id":${to}}\n`;
  const head = `{"jsonrpc":"2.0","id":${from},`;
  if (line.startsWith(head)) return `{"jsonrpc":"2.0","id":${to},${line.slice(head.length)}\n`;
  return undefined;
}

// The upstream id of a successful response line in the shape the TypeScript SDK writes, {"result":{…},"jsonrpc":"2.0",
// "id":"gw~N"}, read off its two ends without parsing the line (the client parses it anyway); undefined for any other
// line, which is parsed as usual. A result with "isError": true is parsed too: it may need the tool's call hint.
export function privateResultId(line: string, prefix: string): string | undefined {
  if (!line.startsWith('{"result":{') || !line.endsWith('"}')) return undefined;
  const open = line.lastIndexOf('"', line.length - 3);
  if (open < 0 || !line.startsWith(prefix, open + 1) || !line.endsWith(TAIL_BEFORE_ID, open + 1)) return undefined;
  const id = line.slice(open + 1, -2);
  return id.includes('\\') || IS_ERROR.test(line) ? undefined : id;
}

const TAIL_BEFORE_ID = ',"jsonrpc":"2.0","id":"';
const IS_ERROR = /"isError"[ \t\r\n]*:[ \t\r\n]*true/;

// The two shapes SDKs write a result in: {"result":{…},"jsonrpc":"2.0","id":…} (TypeScript) and
// {"jsonrpc":"2.0","id":…,"result":{…}} (Python, Go). Anything else is decoded and parsed as usual. JSON whitespace
// only (the ends are read as latin1, where \s would also match byte 0xA0).
const WS = '[ \\t\\r\\n]*';
const ID_LAST = new RegExp(
  `,${WS}"jsonrpc"${WS}:${WS}"2\\.0"${WS},${WS}"id"${WS}:${WS}"([^"\\\\]{1,40})"${WS}\\}${WS}$`,
);
const RESULT_FIRST = new RegExp(`^\\{${WS}(?="result"${WS}:${WS}\\{)`);
const ID_FIRST = new RegExp(
  `^\\{${WS}"jsonrpc"${WS}:${WS}"2\\.0"${WS},${WS}"id"${WS}:${WS}"([^"\\\\]{1,40})"${WS},${WS}(?="result"${WS}:${WS}\\{)`,
);
const CLOSE = new RegExp(`\\}${WS}$`);
const ANOTHER_ID = /"id"[ \t\r\n]*:/;

// Whether a line starts as the TypeScript SDK writes a successful response, {"result":{… (its id comes at the end).
export function startsAsResult(head: Buffer): boolean {
  return RESULT_FIRST.test(head.subarray(0, 128).toString('latin1'));
}

// The id at the end of a response in the TypeScript SDK's shape, and where the `,"jsonrpc":"2.0","id":…}` it sits in
// starts in `tail` (the line's last bytes, at least 128 of them when the line is that long).
export function idAtEnd(tail: Buffer): { id: string; at: number } | undefined {
  const from = Math.max(0, tail.length - 128);
  const m = ID_LAST.exec(tail.subarray(from).toString('latin1'));
  return m?.[1] === undefined ? undefined : { id: m[1], at: from + m.index };
}

// The id and the bytes of the result member of a large response, read off its two ends. The middle is checked to be
// UTF-8 but not parsed: the client parses it anyway, and a 5 MB result should not be parsed twice. A line that is not
// JSON between well-formed ends would reach the client as is (only a broken upstream writes one).
export function resultBytes(bytes: Buffer): { id: string; result: Buffer } | undefined {
  const head = bytes.subarray(0, 128).toString('latin1');
  const tail = bytes.subarray(-128).toString('latin1');
  let found: { id: string; result: Buffer } | undefined;
  const last = ID_LAST.exec(tail);
  const start = RESULT_FIRST.exec(head);
  if (last?.[1] && start)
    found = { id: last[1], result: bytes.subarray(start[0].length, bytes.length - last[0].length) };
  const first = found ? null : ID_FIRST.exec(head);
  const close = CLOSE.exec(tail);
  // An "id" near the end could be a second top-level id, which a parser would take instead of the first.
  if (first?.[1] && close && !ANOTHER_ID.test(tail))
    found = { id: first[1], result: bytes.subarray(first[0].length, bytes.length - close[0].length) };
  return found && isUtf8(bytes) ? found : undefined;
}
