// No orphans, ever: however the gateway ends, every upstream process and descendant is gone; a SIGKILLed gateway's children are swept at the next start.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDescendants } from '../../src/upstream/process-tree.js';
import { GW_BIN, ROOT, fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { waitFor } from '../helpers/gateway.js';
import {
  GW_ENV,
  alive,
  killTreeWhenDone,
  readStatusFile,
  spawnRawGateway,
  type ServerStatus,
} from '../helpers/supervise.js';

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const fixtureCommand = [process.execPath, ...fixtureEntry('fixture.ts').args]
  .map(quote)
  .join(' ');

// Upstreams whose trees are hard to kill: a shell wrapper that stays the parent, grandchildren (one in its own session), SIGTERM ignored.
function hardConfig(dir: string, extra: Record<string, unknown> = {}): string {
  return writeConfig(
    {
      mcpServers: {
        wrapped: { command: 'sh', args: ['-c', `${fixtureCommand}; echo wrapper done >&2`] },
        grand: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'grandchild' }),
        setsid: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'grandchild', FIXTURE_GRANDCHILD_SETSID: '1' }),
        stubborn: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'ignore-sigterm,grandchild' }),
      },
      ...extra,
    },
    dir,
  );
}

// Waits until every upstream is ready, then returns the whole tree: gateway, wrappers, servers, grandchildren.
// For hardConfig: wrapped is sh + node; grand, setsid and stubborn are node + grandchild each.
async function readyTree(
  configPath: string,
  gatewayPid: number,
  expected = 8,
  ready = (s: ServerStatus) => s.state === 'ready',
): Promise<number[]> {
  await waitFor(() => {
    const list = readStatusFile(configPath, gatewayPid);
    return list && list.length > 0 && list.every(ready);
  }, 20_000);
  return waitFor(() => {
    const tree = listDescendants(gatewayPid);
    return tree.length >= expected ? [gatewayPid, ...tree] : undefined;
  }, 10_000);
}

async function expectAllGone(pids: number[]): Promise<void> {
  await waitFor(() => alive(pids).length === 0, 8000, 100).catch(() => undefined);
  expect(alive(pids)).toEqual([]);
}

describe('no orphans', () => {
  const ways = [
    ['stdin EOF', (g: ReturnType<typeof spawnRawGateway>) => g.child.stdin?.end()],
    ['SIGTERM', (g: ReturnType<typeof spawnRawGateway>) => g.child.kill('SIGTERM')],
    ['SIGINT', (g: ReturnType<typeof spawnRawGateway>) => g.child.kill('SIGINT')],
    ['SIGHUP', (g: ReturnType<typeof spawnRawGateway>) => g.child.kill('SIGHUP')],
  ] as const;

  for (const [how, end] of ways) {
    it(`leaves no process of any upstream tree after ${how}`, async () => {
      const configPath = hardConfig(tempDir());
      const gw = spawnRawGateway(configPath);
      const tree = await readyTree(configPath, gw.pid);
      expect(tree.length).toBeGreaterThanOrEqual(9);
      end(gw);
      await expectAllGone(tree);
      expect(await gw.exited).toBe(0);
    });
  }

  it('leaves no process behind when its parent dies without closing stdin (ppid watch)', async () => {
    const configPath = hardConfig(tempDir());
    // The gateway's stdin is a pipe whose write end a separate holder process keeps open, so only the ppid watch can notice.
    const hello =
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}\n';
    const holder = spawn(
      process.execPath,
      ['-e', `process.stdout.write(${JSON.stringify(hello)}); setInterval(() => {}, 1000)`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    killTreeWhenDone(holder.pid as number);
    // The intermediate parent hands that pipe to the gateway as its stdin, then is SIGKILLed.
    const launcher = `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([GW_BIN, 'serve', '--config', configPath])}, { stdio: 'inherit' });
process.stderr.write('GATEWAY_PID=' + c.pid + '\\n'); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', launcher], {
      cwd: ROOT,
      env: GW_ENV,
      stdio: [holder.stdout, 'ignore', 'pipe'],
    });
    killTreeWhenDone(parent.pid as number);
    let stderr = '';
    parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const gatewayPid = Number(await waitFor(() => /GATEWAY_PID=(\d+)/.exec(stderr)?.[1]));
    killTreeWhenDone(gatewayPid);
    const tree = await readyTree(configPath, gatewayPid);
    parent.kill('SIGKILL');
    await expectAllGone(tree);
    expect(stderr).toContain('shutting down (parent process exited)');
    expect(stderr).not.toContain('stdin closed');
    holder.kill();
  });

  it('leaves no process behind after an uncaught error (thrown by a plugin timer)', async () => {
    const dir = tempDir();
    const trigger = path.join(dir, 'boom');
    const plugin = path.join(dir, 'boom-plugin.mjs');
    writeFileSync(
      plugin,
      `import { existsSync } from 'node:fs';
export default (options) => ({ name: 'boom', setup() {
  const timer = setInterval(() => { if (existsSync(options.trigger)) { clearInterval(timer); throw new Error('plugin went boom'); } }, 100);
  timer.unref();
} });\n`,
    );
    const configPath = hardConfig(dir, { plugins: [{ module: plugin, options: { trigger } }] });
    const gw = spawnRawGateway(configPath);
    const tree = await readyTree(configPath, gw.pid);
    writeFileSync(trigger, '');
    await expectAllGone(tree);
    expect(await gw.exited).toBe(1);
    expect(gw.stderr()).toContain('uncaught error: Error: plugin went boom');
  });

  it('sweeps at start the children a SIGKILLed gateway left behind', async () => {
    const dir = tempDir();
    const configPath = writeConfig(
      {
        mcpServers: {
          grand: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'grandchild' }),
          // Never answers initialize and ignores stdin EOF: it outlives its gateway.
          hung: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'hang' }, { timeout: 60_000 }),
        },
      },
      dir,
    );
    const first = spawnRawGateway(configPath);
    const tree = await readyTree(
      configPath,
      first.pid,
      3,
      (s) => s.pid !== undefined && (s.name === 'hung' || s.state === 'ready'),
    );
    first.child.kill('SIGKILL');
    await first.exited;
    // Own process groups: the SIGKILL did not reach them.
    const survivors = tree.filter((p) => p !== first.pid);
    await new Promise((r) => setTimeout(r, 1000));
    expect(alive(survivors).length).toBeGreaterThanOrEqual(2);

    const second = spawnRawGateway(configPath);
    await expectAllGone(survivors);
    await waitFor(() => second.stderr().includes('orphaned'));
    expect(second.stderr()).toMatch(/cleaned up an orphaned process of server '(grand|hung)'/);
    second.child.stdin?.end();
    expect(await second.exited).toBe(0);
  });
});
