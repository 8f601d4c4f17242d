// What the built gw loads at start: `gw --version` reads no zod, no SDK; `gw serve` with 2025 upstreams never loads the
// v2 SDK client, and loads it on demand for a 2026 upstream. Recorded by a loader hook (test/fixtures/record-loads.mjs)
// as the module files Node actually read.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startGateway, toolNames } from '../helpers/gateway.js';
import { fixtureEntry, ROOT, runGw, tempDir } from '../helpers/gw.js';

const RECORDER = path.join(ROOT, 'test', 'fixtures', 'record-loads.mjs');
const BUNDLE_DIR = pathToFileURL(path.join(ROOT, 'dist', 'cli')).href;
// Text only the bundled copy of zod holds (its English messages), and only the v2 SDK (its error code values).
const ZOD = '$ZodObject';
const V2_CLIENT = 'ERA_NEGOTIATION_FAILED';

// Records this process's module loads into a fresh file; returns the env to pass and a reader of the bundle's files.
function recorder(): { env: Record<string, string>; loaded: () => Array<{ file: string; text: string }> } {
  const file = path.join(tempDir('gw-loads-'), 'loads.txt');
  return {
    env: { NODE_OPTIONS: `--import ${RECORDER}`, GW_RECORD_LOADS: file },
    loaded: () => {
      const urls = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
      return [...new Set(urls.filter((u) => u.startsWith(BUNDLE_DIR)))].map((u) => ({ file: u, text: readFileSync(new URL(u), 'utf8') }));
    },
  };
}

const holding = (files: Array<{ text: string }>, marker: string) => files.filter((f) => f.text.includes(marker)).length;

describe('what gw loads at start', () => {
  it('gw --version reads the entry module and neither zod nor an SDK', async () => {
    const rec = recorder();
    const result = await runGw(['--version'], { env: rec.env });
    expect(result.stdout).toMatch(/^gw\/\d+\.\d+\.\d+/);
    const files = rec.loaded();
    expect(files.map((f) => f.file)).toContain(`${BUNDLE_DIR}/main.js`);
    expect(holding(files, ZOD)).toBe(0);
    expect(holding(files, V2_CLIENT)).toBe(0);
  });

  it('gw serve with a 2025 upstream (era known from the run before) never loads the v2 SDK client', async () => {
    const stateDir = tempDir('gw-state-');
    const config = { mcpServers: { old: fixtureEntry('fixture.ts') } };
    const first = await startGateway(config, { env: { GW_STATE_DIR: stateDir } });
    expect(await toolNames(first.client, ['old_echo'])).toContain('old_echo');
    await first.close();

    const rec = recorder();
    const gw = await startGateway(config, { env: { GW_STATE_DIR: stateDir, ...rec.env } });
    expect(await toolNames(gw.client, ['old_echo'])).toContain('old_echo');
    const result = await gw.client.callTool({ name: 'old_echo', arguments: { text: 'hi' } });
    expect(JSON.stringify(result.content)).toContain('hi');
    const files = rec.loaded();
    expect(holding(files, ZOD)).toBeGreaterThan(0);
    expect(holding(files, V2_CLIENT)).toBe(0);
  });

  it('gw serve loads the v2 SDK client for a 2026 upstream and lists its tools', async () => {
    const rec = recorder();
    const gw = await startGateway({ mcpServers: { m: fixtureEntry('modern.ts') } }, { env: { GW_STATE_DIR: tempDir('gw-state-'), ...rec.env } });
    expect(await toolNames(gw.client, ['m_whoami'])).toContain('m_whoami');
    const result = await gw.client.callTool({ name: 'm_whoami', arguments: {} });
    expect(JSON.stringify(result.content)).toContain('era modern');
    expect(holding(rec.loaded(), V2_CLIENT)).toBeGreaterThan(0);
  });
});
