// No grandchild outlives its upstream, whatever dies first: a detached (setsid) grandchild that ignores SIGHUP is ended
// when its upstream is SIGKILLed, and swept by the next start when the gateway itself was SIGKILLed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isAlive, killTreeSync } from '../../src/upstream/process-tree.js';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { spawnRawGateway } from '../helpers/supervise.js';

const DETACHED = { FIXTURE_GRANDCHILD_SETSID: '1' };

// The pids a gateway's debug log says it tracks for upstream process `pid`, once it names one.
function trackedBy(stderr: string, pid: number): number[] | undefined {
  const lines = [...stderr.matchAll(new RegExp(`tracking descendants of pid ${pid}: ([\\d, ]+)`, 'g'))];
  const last = lines[lines.length - 1]?.[1];
  return last ? last.split(', ').map(Number) : undefined;
}

function killWhenDone(pid: number): void {
  onTestFinished(() => {
    if (isAlive(pid)) killTreeSync(pid);
  });
}

describe('orphans when an upstream dies first', () => {
  it('ends a detached grandchild when its upstream is SIGKILLed, and the gateway goes on', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry('fixture.ts', DETACHED) } });
    await toolNames(gw.client, ['fx_spawn_child']);
    const upstream = (JSON.parse(textOf(await gw.client.callTool({ name: 'fx_pid', arguments: {} }))) as { pid: number }).pid;
    const grandchild = Number(textOf(await gw.client.callTool({ name: 'fx_spawn_child', arguments: {} })));
    killWhenDone(grandchild);
    expect(isAlive(grandchild)).toBe(true);
    await waitFor(() => trackedBy(gw.stderr(), upstream)?.includes(grandchild), 15_000);

    process.kill(upstream, 'SIGKILL');
    await waitFor(() => !isAlive(grandchild), 15_000, 100).catch(() => undefined);
    expect(isAlive(grandchild)).toBe(false);
    expect(isAlive(gw.pid)).toBe(true);
    // The upstream is restarted and serves again.
    await waitFor(async () => textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'back' } })) === 'back', 15_000, 200);
  });

  it("sweeps a SIGKILLed gateway's detached grandchild at the next start, from the persisted record", async () => {
    const dir = tempDir();
    const configPath = writeConfig({ mcpServers: { fx: fixtureEntry('fixture.ts', { ...DETACHED, FIXTURE_MODE: 'grandchild' }) } }, dir);
    const first = spawnRawGateway(configPath);
    const [upstream, grandchild] = await waitFor(() => {
      const m = /tracking descendants of pid (\d+): (\d+)/.exec(first.stderr());
      return m ? [Number(m[1]), Number(m[2])] : undefined;
    }, 20_000);
    killWhenDone(grandchild as number);
    // The record on disk names it (with its start time), so a later gateway can find it.
    const records = path.join(dir, '.fast-gateway', 'children');
    const record = JSON.parse(readFileSync(path.join(records, `${upstream}.json`), 'utf8')) as { descendants?: Array<{ pid: number }> };
    expect(record.descendants?.map((d) => d.pid)).toContain(grandchild);

    first.child.kill('SIGKILL');
    await first.exited;
    // The upstream ends at stdin EOF; its detached grandchild lives on, reparented, until the next start.
    await waitFor(() => !isAlive(upstream as number), 10_000, 100);
    expect(isAlive(grandchild as number)).toBe(true);

    const second = spawnRawGateway(configPath);
    await waitFor(() => second.stderr().includes(`cleaned up an orphaned process of server 'fx' (pid ${upstream})`), 20_000);
    await waitFor(() => !isAlive(grandchild as number), 10_000, 100).catch(() => undefined);
    expect(isAlive(grandchild as number)).toBe(false);
    expect(readdirSync(records)).not.toContain(`${upstream}.json`);
    second.child.stdin?.end();
    expect(await second.exited).toBe(0);
  });
});
