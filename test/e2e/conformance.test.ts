// End-to-end: the MCP conformance suite (@modelcontextprotocol/conformance, run on the Node 22 installed in
// scripts/conformance) against `gw serve --http` in front of the conformance fixture: every scenario the fixture
// passes alone must pass through the gateway, so a lost scenario fails the suite.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, ROOT, tempDir } from '../helpers/gw.js';
import { EVERYTHING } from '../helpers/everything.js';
import { startHttpGateway } from '../helpers/http.js';

const TOOLS = path.join(ROOT, 'scripts', 'conformance', 'node_modules');
const NODE22 = path.join(TOOLS, 'node', 'bin', 'node');
const SUITE = path.join(TOOLS, '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

// The server scenarios of conformance 0.1.16 that the fixture passes alone (`npm run conformance` shows both columns).
// elicitation-sep1330-enums fails against the fixture itself; json-schema-2020-12 and server-sse-polling print no
// pass/fail summary line. The suite has no tasks scenarios yet.
const PASSING = [
  'server-initialize', 'logging-set-level', 'ping', 'completion-complete', 'tools-list', 'tools-call-simple-text',
  'tools-call-image', 'tools-call-audio', 'tools-call-embedded-resource', 'tools-call-mixed-content',
  'tools-call-with-logging', 'tools-call-error', 'tools-call-with-progress', 'tools-call-sampling',
  'tools-call-elicitation', 'elicitation-sep1034-defaults', 'server-sse-multiple-streams', 'resources-list',
  'resources-read-text', 'resources-read-binary', 'resources-templates-read', 'resources-subscribe',
  'resources-unsubscribe', 'prompts-list', 'prompts-get-simple', 'prompts-get-with-args',
  'prompts-get-embedded-resource', 'prompts-get-with-image', 'dns-rebinding-protection',
];

function assertInstalled(): void {
  if (!existsSync(NODE22) || !existsSync(SUITE)) {
    throw new Error('the conformance tools are not installed: the test setup installs them (`npm ci --prefix scripts/conformance`); run that by hand if it failed');
  }
}

function runSuite(url: string, cwd: string, scenario?: string): Promise<Map<string, 'pass' | 'fail'>> {
  return new Promise((resolve) => {
    execFile(NODE22, [SUITE, 'server', '--url', url, ...(scenario ? ['--scenario', scenario] : [])], { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 150_000 }, (_error, stdout, stderr) => {
      const results = new Map<string, 'pass' | 'fail'>();
      const out = `${stdout}\n${stderr}`;
      for (const m of out.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gm)) results.set(m[2] as string, m[1] === '✓' ? 'pass' : 'fail');
      // One scenario prints only its totals.
      const one = /^Passed: (\d+)\/\d+, (\d+) failed/m.exec(out);
      if (scenario && one) results.set(scenario, Number(one[1]) > 0 && one[2] === '0' ? 'pass' : 'fail');
      resolve(results);
    });
  });
}

describe('MCP conformance suite through the gateway', () => {
  it('passes every server scenario the fixture passes alone', async () => {
    assertInstalled();
    const gw = await startHttpGateway({ mcpServers: { conformance: { ...fixtureEntry('conformance.ts'), prefix: false } } }, { auth: ['--no-auth'] });
    const cwd = tempDir('gw-conformance-');
    const results = await runSuite(`${gw.base}/mcp`, cwd);
    // The suite's own per-scenario deadlines can run out on a loaded machine (a whole run took 63 s instead of 3 s
    // once), so a scenario missed in the whole run is run again on its own: lost means it fails alone too.
    for (const scenario of PASSING.filter((s) => results.get(s) !== 'pass')) {
      const alone = await runSuite(`${gw.base}/mcp`, cwd, scenario);
      results.set(scenario, alone.get(scenario) ?? 'fail');
    }
    const lost = PASSING.filter((s) => results.get(s) !== 'pass');
    expect(lost, `scenarios that no longer pass through the gateway:\n${[...results].map(([k, v]) => `${k} ${v}`).join('\n')}`).toEqual([]);
  }, 300_000);

  // The suite subscribes to test://watched-resource, which server-everything serves without listing it.
  it('passes resources-subscribe and resources-unsubscribe in front of server-everything', async () => {
    assertInstalled();
    const gw = await startHttpGateway({ mcpServers: { everything: EVERYTHING } }, { auth: ['--no-auth'] });
    const cwd = tempDir('gw-conformance-');
    const [subscribe, unsubscribe] = await Promise.all([runSuite(`${gw.base}/mcp`, cwd, 'resources-subscribe'), runSuite(`${gw.base}/mcp`, cwd, 'resources-unsubscribe')]);
    expect(subscribe.get('resources-subscribe')).toBe('pass');
    expect(unsubscribe.get('resources-unsubscribe')).toBe('pass');
  }, 120_000);
});
