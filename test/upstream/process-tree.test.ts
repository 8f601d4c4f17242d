// Tests process-tree inspection and killing against real process trees (sh, node, setsid'd and SIGTERM-ignoring children).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  isAlive,
  killTree,
  killTreeSync,
  listDescendants,
  processGroupId,
  processStartTime,
} from '../../src/upstream/process-tree.js';

const HAS_PROC = existsSync('/proc/self/stat');
const FOREVER = 'setInterval(() => {}, 1000)';
// A node script that starts a grandchild in its own session (detached = setsid) and prints its pid.
const SPAWN_DETACHED = `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(FOREVER)}], { detached: true, stdio: 'ignore' }); console.log(c.pid); ${FOREVER}`;

// Spawns a detached (own process group) command and reads its first `lines` stdout lines; everything is killed after the test.
async function start(
  command: string,
  args: string[],
  lines: number,
): Promise<{ child: ChildProcess; out: string[] }> {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = child.pid as number;
  const seen = new Set<number>([pid]);
  onTestFinished(() => {
    for (const p of [...seen, ...listDescendants(pid)]) killTreeSync(p);
  });
  const out: string[] = [];
  if (lines > 0) {
    const reader = createInterface({ input: child.stdout! });
    for await (const line of reader) {
      out.push(line.trim());
      if (/^\d+$/.test(line.trim())) seen.add(Number(line.trim()));
      if (out.length >= lines) break;
    }
  }
  return { child, out };
}

describe('isAlive and processStartTime', () => {
  it('knows the current process and a process that has exited', async () => {
    expect(isAlive(process.pid)).toBe(true);
    const { child } = await start(process.execPath, ['-e', ''], 0);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isAlive(child.pid as number)).toBe(false);
    expect(isAlive(0)).toBe(false);
    expect(isAlive(-5)).toBe(false);
  });

  it.skipIf(!HAS_PROC)(
    'parses /proc/<pid>/stat when the command name holds spaces and parentheses',
    async () => {
      // libuv sets comm via prctl(PR_SET_NAME) when process.title changes.
      const script = `process.title = 'a) b (c'; console.log('ready'); ${FOREVER}`;
      const { child } = await start(process.execPath, ['-e', script], 1);
      const pid = child.pid as number;
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toContain('(a) b (c)');
      expect(processGroupId(pid)).toBe(pid);
      expect(processStartTime(pid)).toMatch(/^\d+$/);
      expect(processStartTime(pid)).not.toBe(processStartTime(process.pid));
    },
  );
});

describe('listDescendants and killTree', () => {
  it('finds children, grandchildren and setsid-ed great-grandchildren, then kills them all', async () => {
    const script = `node -e "${FOREVER}" & echo $!; node -e "${SPAWN_DETACHED.replaceAll('"', '\\"')}" & echo $!; wait`;
    const { child, out } = await start('sh', ['-c', script], 3);
    const root = child.pid as number;
    const pids = out.map(Number);
    expect(pids).toHaveLength(3);
    const detached = pids[2] as number;
    expect(processGroupId(detached)).toBe(detached);
    expect(listDescendants(root)).toEqual(expect.arrayContaining(pids));

    await killTree(root, { graceMs: 1000 });
    expect([root, ...pids].filter(isAlive)).toEqual([]);
  });

  it('finds members of the process group that were reparented after their parent exited', async () => {
    const { child, out } = await start('sh', ['-c', `node -e "${FOREVER}" & echo $!`], 1);
    const root = child.pid as number;
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    const orphan = Number(out[0]);
    expect(isAlive(orphan)).toBe(true);
    expect(listDescendants(root)).toEqual([orphan]);

    await killTree(root);
    expect(isAlive(orphan)).toBe(false);
  });

  it('sends SIGTERM first and SIGKILLs a process that ignores it after the grace period', async () => {
    const script = `process.on('SIGTERM', () => console.log('got SIGTERM')); console.log('ready'); ${FOREVER}`;
    const { child } = await start(process.execPath, ['-e', script], 1);
    const pid = child.pid as number;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // The grace period is the product's own (2 s): the child has to run its handler within it, on a loaded machine too.
    const started = Date.now();
    await killTree(pid, { graceMs: 2000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(isAlive(pid)).toBe(false);
    expect(output).toContain('got SIGTERM');
    expect(child.signalCode ?? (await new Promise((r) => child.once('exit', (_c, s) => r(s))))).toBe(
      'SIGKILL',
    );
  });

  it('uses the requested signal', async () => {
    const { child } = await start(process.execPath, ['-e', `console.log('ready'); ${FOREVER}`], 1);
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await killTree(child.pid as number, { signal: 'SIGINT' });
    expect(await exited).toBe('SIGINT');
  });

  it('does not throw for processes that are already gone', async () => {
    const { child } = await start(process.execPath, ['-e', ''], 0);
    await new Promise((resolve) => child.once('exit', resolve));
    await expect(killTree(child.pid as number)).resolves.toBeUndefined();
    expect(() => killTreeSync(child.pid as number)).not.toThrow();
  });

  it('killTreeSync kills a tree with SIGKILL without waiting', async () => {
    const { child, out } = await start('sh', ['-c', `node -e "${FOREVER}" & echo $!; wait`], 1);
    const grandchild = Number(out[0]);
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    killTreeSync(child.pid as number);
    expect(await exited).toBe('SIGKILL');
    await expect.poll(() => isAlive(grandchild)).toBe(false);
  });
});
