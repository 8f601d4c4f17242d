// The descendant tracker against real processes: a setsid'd grandchild is found, survives its parent, and is ended from the record.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { stillSame, trackDescendants, walkDescendants } from '../../src/upstream/descendants.js';
import { isAlive, killTreeSync, processStartTime } from '../../src/upstream/process-tree.js';

const HAS_PROC = existsSync('/proc/self/stat');
const FOREVER = "process.on('SIGHUP',()=>{});setInterval(() => {}, 1000)";
// Starts a grandchild in its own session, prints its pid, then stays.
const PARENT = `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(FOREVER)}], { detached: true, stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000)`;

async function parentWithGrandchild(): Promise<{ root: number; grandchild: number; exited: Promise<unknown> }> {
  const parent = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  const root = parent.pid as number;
  let grandchild = 0;
  for await (const line of createInterface({ input: parent.stdout })) {
    grandchild = Number(line.trim());
    break;
  }
  onTestFinished(() => {
    for (const pid of [root, grandchild]) if (isAlive(pid)) killTreeSync(pid);
  });
  return { root, grandchild, exited };
}

describe.skipIf(!HAS_PROC)('descendant tracking', () => {
  it('walks children by parent links, with start times', async () => {
    const { root, grandchild } = await parentWithGrandchild();
    expect(walkDescendants(root)).toEqual([{ pid: grandchild, startTime: processStartTime(grandchild) }]);
  });

  it('keeps a reparented grandchild in the record and ends it, not a process with another start time', async () => {
    const { root, grandchild, exited } = await parentWithGrandchild();
    const changes: number[][] = [];
    const tracker = trackDescendants(root, { onChange: (list) => changes.push(list.map((p) => p.pid)) });
    tracker.refresh();
    expect(changes).toEqual([[grandchild]]);
    process.kill(root, 'SIGKILL');
    await exited;
    // Reparented now: no longer found by walking, still recorded because it is the same process.
    tracker.refresh();
    expect(tracker.known().map((p) => p.pid)).toEqual([grandchild]);
    expect(changes).toHaveLength(1);
    expect(stillSame({ pid: grandchild, startTime: '1' })).toBe(false);
    await tracker.end();
    expect(isAlive(grandchild)).toBe(false);
  });
});
