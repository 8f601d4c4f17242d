// The tightest floor for a stdio hop that governs calls: it must read each request (the tool's name, the arguments
// it checks, the id it maps), so it parses and re-serializes every client line with the id swapped for its own; a
// response is passed on as text with only the id at its end swapped back (parsed only when its id sits elsewhere).
// Nothing else: no rules, no names, no validation, no batching. The bench measures it beside the gateway.
// Usage: node request-relay.mjs <command> [args…]
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
const pending = new Map();
let next = 0;

function lines(stream, onLine) {
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

lines(process.stdin, (line) => {
  const message = JSON.parse(line);
  if (message.id !== undefined && message.method !== undefined) {
    const id = `r~${next++}`;
    pending.set(id, message.id);
    message.id = id;
  }
  child.stdin.write(`${JSON.stringify(message)}\n`);
});

lines(child.stdout, (line) => {
  // The TypeScript SDK writes a response's id last: ..."id":"r~N"}
  const at = line.lastIndexOf('"id":"r~');
  const id = at === -1 ? undefined : line.slice(at + 6, -2);
  if (id !== undefined && line.endsWith('"}') && pending.has(id)) {
    const clientId = pending.get(id);
    pending.delete(id);
    process.stdout.write(`${line.slice(0, at)}"id":${JSON.stringify(clientId)}}\n`);
    return;
  }
  const message = JSON.parse(line);
  if (message.method === undefined && pending.has(message.id)) {
    const clientId = pending.get(message.id);
    pending.delete(message.id);
    message.id = clientId;
    process.stdout.write(`${JSON.stringify(message)}\n`);
    return;
  }
  process.stdout.write(`${line}\n`);
});
process.stdin.on('end', () => child.kill());
child.on('exit', (code) => process.exit(code ?? 0));
