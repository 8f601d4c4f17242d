// The tightest floor for a stdio hop that governs calls: it must read each request (the tool's name, the arguments
// it checks, the id it maps), so it parses and re-serializes every client line with the id swapped for its own; a
// response is passed on as text with only the id at its end swapped back (parsed only when its id sits elsewhere).
// Nothing else: no rules, no names, no validation, no batching. The bench measures it beside the gateway.
// Usage: node request-relay.mjs <command> [args…]
import { lines, startHop } from './hop.mjs';

const { child, pending, restore } = startHop('r~');
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
  restore(message);
  process.stdout.write(`${JSON.stringify(message)}\n`);
});
