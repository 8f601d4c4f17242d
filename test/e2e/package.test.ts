// The published shape: `npm pack`, installed into an empty prefix with a throwaway HOME (no devDependencies, no
// repository files), runs `gw serve` behind an SDK client, and its library exports and built-in plugins load.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROOT, tempDir } from '../helpers/gw.js';

const npm = (args: string[], cwd: string, env: Record<string, string>) => execa('npm', args, { cwd, env, reject: false, timeout: 240_000 });

describe('the packed package', () => {
  it('installs from its tarball alone and serves upstreams through the installed gw binary', async () => {
    const work = tempDir('gw-pack-');
    const home = path.join(work, 'home');
    // npm keeps the machine's own settings (registry, certificates) and cache (filled by `npm ci`); nothing of this
    // repository but the tarball is used.
    const setting = async (key: string) => (await execa('npm', ['config', 'get', key], { cwd: ROOT })).stdout.trim();
    const env = { HOME: home, npm_config_cache: await setting('cache'), npm_config_userconfig: await setting('userconfig'), npm_config_update_notifier: 'false' };

    const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT, env);
    expect(packed.exitCode, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    expect(info?.name).toBe('fast-mcp-gateway');
    const files = info?.files.map((f) => f.path) ?? [];
    expect(files).toContain('dist/cli/main.js');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);

    const prefix = path.join(work, 'prefix');
    const installed = await npm(
      ['install', '--prefix', prefix, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, info?.filename ?? '')],
      work,
      env,
    );
    expect(installed.exitCode, installed.stderr).toBe(0);
    const modules = path.join(prefix, 'node_modules');
    // Only what the package depends on is installed: no test tools, no published example servers.
    expect(readdirSync(modules)).not.toContain('vitest');
    expect(readdirSync(path.join(modules, '@modelcontextprotocol'))).not.toContain('server-everything');

    // An upstream written against the SDK the package itself brought in.
    const upstream = path.join(prefix, 'upstream.mjs');
    writeFileSync(
      upstream,
      [
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';",
        "import { z } from 'zod';",
        "const server = new McpServer({ name: 'packed-upstream', version: '1.0.0' });",
        "server.registerTool('shout', { description: 'upper-case the text', inputSchema: { text: z.string() } }, ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }));",
        'await server.connect(new StdioServerTransport());',
      ].join('\n'),
    );
    const config = path.join(work, 'gateway.json');
    writeFileSync(
      config,
      JSON.stringify({
        mcpServers: { up: { command: process.execPath, args: [upstream] } },
        plugins: [{ module: 'fast-mcp-gateway/plugins/audit', options: {} }],
      }),
    );
    const transport = new StdioClientTransport({
      command: path.join(modules, '.bin', 'gw'),
      args: ['serve', '--config', config],
      env: { PATH: process.env.PATH ?? '', HOME: home, GW_LOG_LEVEL: 'warn' },
      cwd: work,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'pack-test', version: '1.0.0' });
    onTestFinished(() => client.close().catch(() => undefined));
    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe('fast-gateway');
    await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 20_000 }).toContain('up_shout');
    const result = await client.callTool({ name: 'up_shout', arguments: { text: 'packed' } });
    expect(result.content).toEqual([{ type: 'text', text: 'PACKED' }]);

    // The library entry and a built-in plugin resolve by the package's name from the installed prefix.
    const probe = await execa(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('fast-mcp-gateway'); const p = await import('fast-mcp-gateway/plugins/redact'); console.log(typeof m.createGateway, typeof p.default);"],
      { cwd: prefix, env: { PATH: process.env.PATH ?? '', HOME: home }, extendEnv: false, reject: false },
    );
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim()).toBe('function function');
  }, 300_000);
});
