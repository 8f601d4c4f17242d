// The broker's byte splices: a session's request line and an upstream's response line pass through with only their
// ids (and a request's progress token) swapped, never parsed again and stringified; a shape we cannot splice safely
// is re-serialized by the caller instead.
import { spliceId, type JsonId } from '../relay/splice.js';

// A request line with its top-level id `from` (at its start or its end) swapped for `to`, and its progress token, when
// it asked for progress, swapped too where the relay writes it: last, as `"_meta":{"progressToken":…}}}`.
export function spliceRequest(
  line: string,
  from: JsonId,
  to: string,
  token: JsonId | undefined,
): string | undefined {
  if (token === undefined) return spliceId(line, from, to);
  const tail = `"_meta":{"progressToken":${JSON.stringify(token)}}}}`;
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(from)},`;
  if (!line.startsWith(head) || !line.endsWith(tail)) return undefined;
  const id = JSON.stringify(to);
  return `{"jsonrpc":"2.0","id":${id},${line.slice(head.length, line.length - tail.length)}"_meta":{"progressToken":${id}}}}\n`;
}

// A response line with the broker's id `from` swapped for the session's own id.
export function spliceResponse(line: string, from: string, to: JsonId): string | undefined {
  return spliceId(line, from, to);
}
