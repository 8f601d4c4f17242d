// Probes for the broker bench: CPU time of processes (from /proc), and when a new session's first answers arrive.
import { readFileSync } from 'node:fs';
import { connect, type Connected, type ServerSpec } from './connect.js';

// Milliseconds from spawning a session to each of its first answers.
export interface FirstAnswers {
  initialized: number;
  firstList: number;
  completeList: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

// User + system CPU time of the processes, in ms (processes already gone count as zero).
export function cpuMs(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // gone
    }
  }
  return total;
}

// Spawns a session and times it: initialize, its first tools/list, and the first tools/list with `tools` tools.
export async function firstAnswers(
  spec: ServerSpec,
  tools: number,
  keep: (c: Connected) => void,
): Promise<FirstAnswers> {
  const started = performance.now();
  const connected = await connect(spec);
  keep(connected);
  const { client } = connected;
  const initialized = performance.now() - started;
  let firstList: number | undefined;
  for (;;) {
    const listed = await client.listTools();
    firstList ??= performance.now() - started;
    if (listed.tools.length >= tools) return { initialized, firstList, completeList: performance.now() - started };
    await new Promise((r) => setTimeout(r, 5));
  }
}

// RSS of a Node process that loads only the MCP SDK's stdio server: what no session process can go below.
export async function bareSdkServerRssMiB(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const script = [
    "import { Server } from '@modelcontextprotocol/sdk/server/index.js';",
    "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';",
    "import { readFileSync } from 'node:fs';",
    "await new Server({ name: 'bare', version: '1' }, { capabilities: { tools: {} } }).connect(new StdioServerTransport());",
    "setTimeout(() => { process.stderr.write(/VmRSS:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'); process.exit(0); }, 500);",
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  child.stdin.end();
  return Math.round(Number(out.trim()) / 1024);
}
