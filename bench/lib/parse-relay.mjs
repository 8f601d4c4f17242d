// The floor for a stdio gateway that reads what it relays: the bare relay plus what any governing hop must do per
// message (split lines, JSON.parse, swap the id for its own, JSON.stringify, swap it back on the response), and
// nothing else: no rules, no names, no validation. The bench measures it beside the gateway and the bare relay.
// Usage: node parse-relay.mjs <command> [args…]
import { lines, startHop } from './hop.mjs';

const { child, restore } = startHop('p~');
lines(child.stdout, (line) => {
  const message = JSON.parse(line);
  restore(message);
  process.stdout.write(`${JSON.stringify(message)}\n`);
});
