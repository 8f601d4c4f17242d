// A large successful response streamed to the client as it arrives, instead of read whole and then written: the hop
// then costs what a byte relay's does (bench/calls-quick.ts, "5MB"). Only its id is swapped, and it sits at the end
// ({"result":{…},"jsonrpc":"2.0","id":"gw~N"}), so the last bytes are held back until the line ends.
//
// The caller opens a stream only when the line can be nothing but the answer to one of its calls (relay.ts: a response
// in the TypeScript SDK's shape on a pipe where the SDK Client awaits no response), because its first bytes reach the
// client before its id is read. Whatever goes wrong after that, the client's line is cut (a bare newline: its parser
// drops the unfinished line) and the line reader, which kept every piece, delivers the line whole on the regular way:
// - its end is not `,"jsonrpc":"2.0","id":"gw~N"}` for a call still waiting (another key order, a late answer after a
//   timeout or cancel, an id that is not the relay's): end() declines it;
// - the upstream stops writing mid-line for STALL_MS (a slow or stuck server must not hold the client's other lines,
//   which wait while the line is open): the stream bails out and the rest is buffered;
// - the upstream's output ends mid-line, or the line goes over maxMessageBytes: the reader aborts it.
import type { LineSink } from './line-reader.js';
import { isPrivateId } from './ids.js';
import { idAtEnd, type JsonId } from './splice.js';
import type { LineOut } from './write-batch.js';

// What is written always ends on a whole UTF-8 character, so a line cut midway is still valid UTF-8 (a strict decoder,
// as the Python SDK's, fails on a split character): the split point moves back past continuation bytes.
function charStart(bytes: Buffer, at: number): number {
  let i = at;
  while (i > 0 && at - i < 4 && ((bytes[i] as number) & 0xc0) === 0x80) i--;
  return i;
}

// Enough to hold `,"jsonrpc":"2.0","id":"<id of up to 40 chars>"}` and trailing whitespace.
const HELD = 128;
export const STALL_MS = 1000;

export interface StreamTarget {
  out: LineOut;
  // Ends the call with this upstream id and returns the client's id, or undefined when no call waits for it.
  finish: (upstreamId: string) => JsonId | undefined;
  // The line reader's: stop streaming this line and buffer the rest.
  bail: () => void;
  stallMs?: number;
}

export function streamResult({ out, finish, bail, stallMs = STALL_MS }: StreamTarget): LineSink {
  let held: Buffer = Buffer.alloc(0);
  let open = true;
  const cut = () => {
    if (!open) return;
    open = false;
    clearTimeout(stall);
    out.end('\n');
  };
  const stall = setTimeout(() => {
    cut();
    bail();
  }, stallMs);
  stall.unref();
  return {
    write(piece) {
      if (!open) return;
      stall.refresh();
      if (piece.length >= HELD) {
        const at = charStart(piece, piece.length - HELD);
        if (held.length > 0) out.write(held);
        out.write(piece.subarray(0, at));
        held = piece.subarray(at);
        return;
      }
      held = Buffer.concat([held, piece]);
      if (held.length > HELD) {
        const at = charStart(held, held.length - HELD);
        out.write(held.subarray(0, at));
        held = held.subarray(at);
      }
    },
    end(last) {
      if (!open) return false;
      const tail = Buffer.concat([held, last]);
      const found = idAtEnd(tail);
      const clientId = found && isPrivateId(found.id) ? finish(found.id) : undefined;
      if (!found || clientId === undefined) {
        cut();
        return false;
      }
      open = false;
      clearTimeout(stall);
      out.end(Buffer.concat([tail.subarray(0, found.at), Buffer.from(`,"jsonrpc":"2.0","id":${JSON.stringify(clientId)}}\n`)]));
      return true;
    },
    abort: cut,
  };
}
