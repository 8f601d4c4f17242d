// Restart with backoff: a crashed upstream comes back; one that keeps failing is marked failed, and `gw restart` revives it once fixed.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { linesOf } from '../helpers/supervise.js';

const ok = () => fixtureEntry('fixture.ts', { FIXTURE_NAME: 'ok' });

interface StatusJson {
  gateways: Array<{
    pid: number;
    servers: Array<{ name: string; state: string; restarts: number; lastError?: string; toolCount: number }>;
  }>;
}

async function statusOf(configPath: string, server: string) {
  const result = await runGw(['status', '--json', '--config', configPath]);
  const report = JSON.parse(result.stdout) as StatusJson;
  return { code: result.code, server: report.gateways[0]?.servers.find((s) => s.name === server) };
}

describe('upstream restart', () => {
  it('restarts an upstream that crashed; its tools come back and calls work again', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { timeout: 30_000 }), ok: ok() },
    });
    await toolNames(gw.client, ['fx_echo', 'fx_pid', 'ok_echo']);
    const before = JSON.parse(textOf(await gw.client.callTool({ name: 'fx_pid', arguments: {} }))) as {
      pid: number;
    };

    const crashed = await gw.client.callTool({ name: 'fx_crash', arguments: { code: 9 } });
    expect(crashed.isError).toBe(true);
    expect(textOf(crashed)).toContain("server 'fx'");

    // A call made while the upstream restarts waits for it instead of failing.
    const after = JSON.parse(textOf(await gw.client.callTool({ name: 'fx_pid', arguments: {} }))) as {
      pid: number;
    };
    expect(after.pid).not.toBe(before.pid);
    await toolNames(gw.client, ['fx_echo', 'fx_crash', 'ok_echo']);
    const echo = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'back again' } });
    expect(echo.isError).toBeFalsy();
    expect(textOf(echo)).toBe('back again');
    await waitFor(() => linesOf(gw.stderr(), 'fx').some((l) => l.includes('exited with code 9')));

    const { server } = await waitFor(async () => {
      const s = await statusOf(gw.configPath, 'fx');
      return s.server?.state === 'ready' && s.server.restarts >= 1 ? s : undefined;
    });
    expect(server?.toolCount).toBeGreaterThan(5);
  });

  it('restarts an upstream that exits on its own (FIXTURE_CRASH_AFTER) and keeps serving it', async () => {
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_CRASH_AFTER: '2500' }) },
    });
    await toolNames(gw.client, ['fx_echo']);
    await waitFor(
      () => linesOf(gw.stderr(), 'fx').some((l) => l.includes('disconnected: exited with code 1')),
      15_000,
    );
    const echo = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'after the exit' } });
    expect(textOf(echo)).toBe('after the exit');
  });

  it('marks an upstream that keeps failing as failed (tools gone, list_changed), reports it, and `gw restart` brings it back once fixed', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'fixed');
    writeFileSync(marker, '');
    const configPath = writeConfig(
      { mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_REQUIRE_FILE: marker }), ok: ok() } },
      dir,
    );
    let listChanged = 0;
    const gw = await startGateway(undefined, {
      configPath,
      prepare: (client) =>
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++),
    });
    await toolNames(gw.client, ['fx_echo', 'ok_echo']);

    // Break it: every restart now exits at once with code 3.
    rmSync(marker);
    const changesBefore = listChanged;
    const crashed = await gw.client.callTool({ name: 'fx_crash', arguments: {} });
    expect(crashed.isError).toBe(true);

    await waitFor(
      () => linesOf(gw.stderr(), 'fx').some((l) => l.includes('gave up after 5 attempts')),
      45_000,
    );
    await waitFor(() => listChanged > changesBefore);
    const names = await waitFor(async () => {
      const listed = (await gw.client.listTools()).tools.map((t) => t.name);
      return listed.some((n) => n.startsWith('fx_')) ? undefined : listed;
    });
    expect(names).toContain('ok_echo');
    const refused = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'x' } });
    expect(refused.isError).toBe(true);

    const failed = await waitFor(async () => {
      const s = await statusOf(configPath, 'fx');
      return s.server?.state === 'failed' ? s : undefined;
    });
    expect(failed.code).toBe(1);
    expect(failed.server?.lastError).toContain('exited with code 3');
    expect(failed.server?.lastError).toContain('is missing');
    const human = await runGw(['status', '--config', configPath]);
    expect(human.stdout).toMatch(/fx\s+failed/);

    // Fix it, then ask the running gateway to try again.
    writeFileSync(marker, '');
    const changesAtFailure = listChanged;
    const restart = await runGw(['restart', 'fx', '--config', configPath]);
    expect(restart.code).toBe(0);
    expect(restart.stdout).toContain(String(gw.pid));
    await toolNames(gw.client, ['fx_echo', 'ok_echo']);
    await waitFor(() => listChanged > changesAtFailure);
    const echo = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'revived' } });
    expect(textOf(echo)).toBe('revived');
    const revived = await waitFor(async () => {
      const s = await statusOf(configPath, 'fx');
      return s.server?.state === 'ready' ? s : undefined;
    });
    expect(revived.code).toBe(0);
  }, 90_000);
});
