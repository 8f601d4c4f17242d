// The floor for a stdio gateway that reads what it relays: the bare relay plus what any governing hop must do per
// message (split lines, JSON.parse, swap the id for its own, JSON.stringify, swap it back on the response), and
// nothing else: no rules, no names, no validation. The bench measures it beside the gateway and the bare relay.
// Usage: node parse-relay.mjs <command> [args…]
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
    const id = `p~${next++}`;
    pending.set(id, message.id);
    message.id = id;
  }
  child.stdin.write(`${JSON.stringify(message)}\n`);
});
lines(child.stdout, (line) => {
  const message = JSON.parse(line);
  if (message.method === undefined && pending.has(message.id)) {
    const id = pending.get(message.id);
    pending.delete(message.id);
    message.id = id;
  }
  process.stdout.write(`${JSON.stringify(message)}\n`);
});
process.stdin.on('end', () => child.kill());
child.on('exit', (code) => process.exit(code ?? 0));
