// A large successful response streamed to the client as it arrives, instead of read whole and then written: the hop
// then costs what a byte relay's does (bench/calls-quick.ts, "5MB"). Only its id is swapped, and it sits at the end
// ({"result":{…},"jsonrpc":"2.0","id":"gw~N"}), so the last bytes are held back until the line ends.
//
// The caller opens a stream only when the line can be nothing but the answer to one of its calls (relay.ts: a response
// in the TypeScript SDK's shape on a pipe where the SDK Client awaits no response), because its first bytes reach the
// client before its id is read.
import type { LineSink } from './line-reader.js';
import { idAtEnd, type JsonId } from './splice.js';
import type { LineOut } from './write-batch.js';

// Enough to hold `,"jsonrpc":"2.0","id":"<id of up to 40 chars>"}` and trailing whitespace.
const HELD = 128;

// `finish` ends the call with this upstream id and returns the client's id, or undefined when no call waits for it
// (it timed out or was cancelled: the client already has its answer, and this line goes out with a null id).
export function streamResult(out: LineOut, finish: (upstreamId: string) => JsonId | undefined): LineSink {
  let held: Buffer = Buffer.alloc(0);
  return {
    write(piece) {
      if (piece.length >= HELD) {
        if (held.length > 0) out.write(held);
        out.write(piece.subarray(0, piece.length - HELD));
        held = piece.subarray(piece.length - HELD);
        return;
      }
      held = Buffer.concat([held, piece]);
      if (held.length > HELD) {
        out.write(held.subarray(0, held.length - HELD));
        held = held.subarray(held.length - HELD);
      }
    },
    end(last) {
      const tail = Buffer.concat([held, last]);
      const found = idAtEnd(tail);
      if (!found) {
        // Not the shape its head promised (a broken upstream): the line ends as it came.
        out.end(Buffer.concat([tail, Buffer.from('\n')]));
        return;
      }
      const clientId = finish(found.id);
      out.end(Buffer.concat([tail.subarray(0, found.at), Buffer.from(`,"jsonrpc":"2.0","id":${JSON.stringify(clientId ?? null)}}\n`)]));
    },
    abort() {
      // The client's parser drops the unfinished line; the call itself fails on the regular path (oversize or exit).
      out.end('\n');
    },
  };
}
