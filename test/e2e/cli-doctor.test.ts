// `gw doctor`: config, commands, ${VAR}s, plugins and every enabled server, each problem once, with a fix.
import { describe, expect, it } from 'vitest';
import { fixtureEntry, runGw, writeConfig } from '../helpers/gw.js';

describe('gw doctor', () => {
  it('reports a healthy server as ok and each problem once with a fix; a missing plugin does not stop the server checks', async () => {
    const config = writeConfig({
      mcpServers: {
        good: fixtureEntry(),
        missing: { command: 'no-such-command-gw-test' },
        unset: { command: 'node', args: ['${GW_DOCTOR_UNSET_VAR}'] },
      },
      plugins: [{ module: './no-such-plugin.ts' }],
    });
    const r = await runGw(['doctor', '--config', config, '--json'], { timeout: 90_000, env: { GW_DOCTOR_UNSET_VAR: undefined } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; findings: Array<{ level: string; subject: string; message: string; fix?: string }> };
    expect(report.ok).toBe(false);
    const of = (subject: string) => report.findings.filter((f) => f.subject === subject);
    expect(of('good')).toEqual([expect.objectContaining({ level: 'ok', message: expect.stringMatching(/^connected over 2025-11-25 \(legacy\), \d+ tools$/) })]);
    expect(of('missing')).toEqual([expect.objectContaining({ level: 'problem', message: expect.stringContaining('command not found: no-such-command-gw-test') })]);
    expect(of('unset')).toEqual([expect.objectContaining({ level: 'problem', message: expect.stringContaining('${GW_DOCTOR_UNSET_VAR}') })]);
    expect(of('plugins')).toEqual([expect.objectContaining({ level: 'problem', fix: expect.stringContaining('plugin') })]);
    expect(report.findings.every((f) => f.level === 'ok' || f.fix !== undefined || f.level === 'warning')).toBe(true);

    const text = await runGw(['doctor', '--config', config], { timeout: 90_000, env: { GW_DOCTOR_UNSET_VAR: undefined } });
    expect(text.stdout).toMatch(/3 problems found$/m);
  });
});
