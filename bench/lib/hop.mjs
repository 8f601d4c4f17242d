// What the two parsing floors (parse-relay.mjs, request-relay.mjs) share: the upstream they spawn, a line splitter,
// and the request side, where each request is parsed and written on under an id of the hop's own.
import { spawn } from 'node:child_process';

// Spawns the upstream named on the command line; the hop exits with it and ends it when the client goes away.
export function startHop(prefix) {
  const [command, ...args] = process.argv.slice(2);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  process.stdin.on('end', () => child.kill());
  child.on('exit', (code) => process.exit(code ?? 0));
  // The hop's id → the client's.
  const pending = new Map();
  let next = 0;
  lines(process.stdin, (line) => {
    const message = JSON.parse(line);
    if (message.id !== undefined && message.method !== undefined) {
      const id = `${prefix}${next++}`;
      pending.set(id, message.id);
      message.id = id;
    }
    child.stdin.write(`${JSON.stringify(message)}\n`);
  });
  // A parsed response to one of the hop's requests gets the client's id back.
  const restore = (message) => {
    if (message.method !== undefined || !pending.has(message.id)) return;
    const clientId = pending.get(message.id);
    pending.delete(message.id);
    message.id = clientId;
  };
  return { child, pending, restore };
}

// Calls onLine with each newline-terminated line of the stream, decoded.
export function lines(stream, onLine) {
  let parts = [];
  stream.on('data', (chunk) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      onLine((parts.length === 0 ? piece : Buffer.concat([...parts, piece])).toString('utf8'));
      parts = [];
      start = nl + 1;
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
  });
}
