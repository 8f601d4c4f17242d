// `gw serve` typed in a terminal says, on stderr, what a client needs; launched by a client (stdin a pipe) it says nothing.
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { GW_BIN, runGw, writeConfig } from '../helpers/gw.js';
import { waitFor } from '../helpers/gateway.js';

describe('gw serve in a terminal', () => {
  it('prints the client entry to paste when stdin is a terminal', async () => {
    const config = writeConfig({ mcpServers: {}, groups: { dev: { servers: [] } } });
    // `script` runs the command on a pseudo-terminal, as a person's shell would.
    const proc = execa('script', ['-qec', `${process.execPath} ${GW_BIN} serve --config ${config} --group dev`, '/dev/null'], {
      reject: false,
      env: { GW_LOG_LEVEL: 'warn' },
    });
    onTestFinished(() => void proc.kill('SIGKILL'));
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const line = await waitFor(() => /gw: serving MCP on stdin[^\r\n]*/.exec(out)?.[0], 20_000);
    const entry = JSON.parse(line.slice(line.indexOf('{'))) as { gw: { command: string; args: string[] } };
    expect(entry.gw.command).toBe(process.execPath);
    expect(entry.gw.args).toEqual([GW_BIN, 'serve', '--config', config, '--group', 'dev']);
    expect(line).toContain('gw install <client>');
  });

  it('prints nothing of the kind when a client launches it (stdin is a pipe)', async () => {
    const config = writeConfig({ mcpServers: {} });
    const r = await runGw(['serve', '--config', config], { input: '' });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('gw: serving MCP on stdin');
    expect(r.stdout).toBe('');
  });
});
