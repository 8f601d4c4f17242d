// The floor for any stdio gateway written for Node: a process that spawns the upstream and copies bytes both ways,
// with no parsing, routing or rewriting. The bench measures it beside the gateway, so its cost is not blamed on us.
// Usage: node relay.mjs <command> [args…]
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
process.stdin.pipe(child.stdin);
child.stdout.pipe(process.stdout);
process.stdin.on('end', () => child.kill());
child.on('exit', (code) => process.exit(code ?? 0));
