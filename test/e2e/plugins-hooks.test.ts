// Hooks and plugins through the real binary: a TypeScript plugin file loaded from gateway.json drives every seam.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { isAlive } from '../../src/upstream/process-tree.js';

// A plugin written as a user would: plain TypeScript, no build step, behaviour switched by its options.
const POLICY_TS = `
import { appendFileSync } from 'node:fs';

interface Options {
  name?: string;
  journal?: string;
  deny?: Record<string, string | null>;
  upper?: boolean;
  confirm?: string[];
  approve?: boolean;
  replace?: boolean;
  throwOn?: string;
  trace?: boolean;
  hide?: string;
  failSetup?: boolean;
}

type Result = { content: Array<{ type: string; text?: string }>; isError?: boolean };
type Ctx = { name: string; tool: string; arguments: Record<string, unknown>; state: Record<string, unknown> };

export default function policy(options: Options) {
  const name = options.name ?? 'policy';
  const journal = (line: string) => options.journal && appendFileSync(options.journal, line + '\\n');
  const traced = (label: string) => async (ctx: Ctx, next: () => Promise<Result>) => {
    const order = (ctx.state.order ??= []) as string[];
    order.push(label + '>');
    const result = await next();
    order.push('<' + label);
    if (label === 'outer') return { ...result, content: [...result.content, { type: 'text', text: ' order=' + order.join(',') }] };
    return result;
  };
  return {
    name,
    setup() {
      if (options.failSetup) throw new Error('the policy database is unreachable');
      journal('setup ' + name);
    },
    close() {
      journal('close ' + name);
    },
    middleware: options.trace ? [traced('outer'), traced('inner')] : [],
    tools: [
      {
        name: name + '_hello',
        description: 'say hello from the plugin',
        inputSchema: { type: 'object', properties: { who: { type: 'string' } } },
        handler: (args: Record<string, unknown>) => 'hello ' + String(args.who) + ' from ' + name,
      },
    ],
    hooks: {
      preListTools: options.hide ? (ctx: { tools: Array<{ name: string }> }) => ctx.tools.filter((t) => t.name !== options.hide) : undefined,
      preToolCall(ctx: Ctx) {
        if (options.throwOn === ctx.tool) throw new Error('policy exploded on ' + ctx.tool);
        if (options.deny && ctx.tool in options.deny) return { decision: 'deny', reason: options.deny[ctx.tool] ?? undefined };
        if (options.confirm?.includes(ctx.tool)) return { decision: 'confirm', reason: 'a human must agree' };
        if (options.upper && ctx.tool === 'echo') {
          return { decision: 'continue', arguments: { ...ctx.arguments, text: String(ctx.arguments.text).toUpperCase() } };
        }
        return undefined;
      },
      confirm: options.approve === undefined ? undefined : () => options.approve,
      postToolCall: options.replace
        ? (ctx: Ctx & { result: Result }) =>
            ctx.tool === 'echo' && ctx.result.content[0]?.text === 'replace me' ? { content: [{ type: 'text', text: 'replaced by policy' }], structuredContent: { text: 'replaced by policy' } }
              : undefined
        : undefined,
    },
  };
}
`;

function setup(options: Record<string, unknown>, more: Array<Record<string, unknown>> = []) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'policy.ts'), POLICY_TS);
  const config = {
    mcpServers: { fx: fixtureEntry() },
    plugins: [
      { module: './policy.ts', options },
      ...more.map((o) => ({ module: './policy.ts', options: o })),
    ],
  };
  return { dir, configPath: writeConfig(config, dir), config };
}

describe('plugins loaded from gateway.json', () => {
  it('denies with the reason, or the default message when there is none', async () => {
    const { configPath } = setup({ deny: { add: 'adding is closed today', env: null } });
    const gw = await startGateway(null, { configPath });
    await toolNames(gw.client, ['fx_add']);
    const add = await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 2 } });
    expect(add.isError).toBe(true);
    expect(textOf(add)).toBe('adding is closed today');
    const env = await gw.client.callTool({ name: 'fx_env', arguments: { name: 'HOME' } });
    expect(env.isError).toBe(true);
    expect(textOf(env)).toBe(`Tool 'fx_env' denied by policy.`);
    const echo = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'still fine' } });
    expect(textOf(echo)).toBe('still fine');
  });

  it('rewrites arguments and replaces results', async () => {
    const { configPath } = setup({ upper: true, replace: true });
    const gw = await startGateway(null, { configPath });
    await toolNames(gw.client, ['fx_echo']);
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'quiet' } }))).toBe('QUIET');
    // The upstream echoes REPLACE ME, which is not what postToolCall replaces: the rewrite ran first.
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'replace me' } }))).toBe(
      'REPLACE ME',
    );
  });

  it('replaces a result in postToolCall', async () => {
    const { configPath } = setup({ replace: true });
    const gw = await startGateway(null, { configPath });
    await toolNames(gw.client, ['fx_echo']);
    const result = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'replace me' } });
    expect(result.content).toEqual([{ type: 'text', text: 'replaced by policy' }]);
    expect(result.structuredContent).toEqual({ text: 'replaced by policy' });
  });

  it('asks confirm hooks: approved runs, rejected and unregistered are denied', async () => {
    const approved = setup({ confirm: ['add'], approve: true });
    const yes = await startGateway(null, { configPath: approved.configPath });
    await toolNames(yes.client, ['fx_add']);
    expect(textOf(await yes.client.callTool({ name: 'fx_add', arguments: { a: 2, b: 3 } }))).toBe('5');

    const rejected = setup({ confirm: ['add'], approve: false });
    const no = await startGateway(null, { configPath: rejected.configPath });
    await toolNames(no.client, ['fx_add']);
    const denied = await no.client.callTool({ name: 'fx_add', arguments: { a: 2, b: 3 } });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toBe(`Tool 'fx_add' was denied: the call was not confirmed (a human must agree).`);

    const none = setup({ confirm: ['add'] });
    const nobody = await startGateway(null, { configPath: none.configPath });
    await toolNames(nobody.client, ['fx_add']);
    const failSafe = await nobody.client.callTool({ name: 'fx_add', arguments: { a: 2, b: 3 } });
    expect(failSafe.isError).toBe(true);
    expect(textOf(failSafe)).toContain('no confirm hook is registered, so it was denied');
  });

  it('turns a throwing hook into a readable error and keeps serving', async () => {
    const { configPath } = setup({ throwOn: 'add' });
    const gw = await startGateway(null, { configPath });
    await toolNames(gw.client, ['fx_add']);
    const failed = await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 1 } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toBe(
      `Tool 'fx_add' was not called: plugin 'policy' failed in preToolCall: policy exploded on add`,
    );
    expect(isAlive(gw.pid)).toBe(true);
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'alive' } }))).toBe('alive');
  });

  it('runs middleware onion-style in registration order', async () => {
    const { configPath } = setup({ trace: true });
    const gw = await startGateway(null, { configPath });
    await toolNames(gw.client, ['fx_echo']);
    const result = await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'x' } });
    expect(textOf(result)).toBe('x order=outer>,inner>,<inner,<outer');
  });

  it('hides a tool from list, search_tools and describe_tool, and blocks its call', async () => {
    const { configPath } = setup({ hide: 'fx_sleep' });
    const gw = await startGateway(null, { configPath });
    const names = await toolNames(gw.client, ['fx_echo']);
    expect(names).not.toContain('fx_sleep');
    const search = await gw.client.callTool({
      name: 'search_tools',
      arguments: { query: 'sleep wait milliseconds', limit: 50 },
    });
    const found = (search.structuredContent as { results: Array<{ name: string }> }).results.map(
      (r) => r.name,
    );
    expect(found).not.toContain('fx_sleep');
    const described = await gw.client.callTool({ name: 'describe_tool', arguments: { name: 'fx_sleep' } });
    expect(described.isError).toBe(true);
    const call = await gw.client.callTool({ name: 'fx_sleep', arguments: { ms: 1 } });
    expect(call.isError).toBe(true);
    expect(textOf(call)).toContain(`Unknown tool: 'fx_sleep'`);
  });

  it('serves plugin tools', async () => {
    const { configPath } = setup({});
    const gw = await startGateway(null, { configPath });
    const names = await toolNames(gw.client, ['policy_hello', 'fx_echo']);
    expect(names).toContain('policy_hello');
    expect(textOf(await gw.client.callTool({ name: 'policy_hello', arguments: { who: 'ada' } }))).toBe(
      'hello ada from policy',
    );
  });

  it('stops startup with a clear error when a plugin setup fails, closing those already set up', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.txt');
    const { configPath } = setup({ name: 'first', journal }, [{ name: 'broken', failSetup: true, journal }]);
    const result = await runGw(['serve', '--config', configPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`plugin 'broken' failed to set up: the policy database is unreachable`);
    expect(result.stdout).toBe('');
    expect(readFileSync(journal, 'utf8')).toBe('setup first\nclose first\n');
  });

  it('sets plugins up in order and closes them in reverse order at shutdown', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.txt');
    const { configPath } = setup({ name: 'first', journal }, [{ name: 'second', journal }]);
    const gw = await startGateway(null, { configPath });
    await toolNames(gw.client, ['fx_echo']);
    await gw.close();
    await waitFor(() => !isAlive(gw.pid));
    expect(readFileSync(journal, 'utf8')).toBe('setup first\nsetup second\nclose second\nclose first\n');
  });

  it('applies changed plugin options on live reload', async () => {
    const { configPath, config } = setup({ deny: { add: 'version one' } });
    const gw = await startGateway(null, { configPath });
    await toolNames(gw.client, ['fx_add']);
    expect(textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 1 } }))).toBe(
      'version one',
    );
    writeConfig(
      { ...config, plugins: [{ module: './policy.ts', options: { deny: { add: 'version two' } } }] },
      path.dirname(configPath),
    );
    await waitFor(
      async () =>
        textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 1 } })) === 'version two',
      15_000,
      200,
    );
    writeConfig({ ...config, plugins: [] }, path.dirname(configPath));
    await waitFor(
      async () => textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 1 } })) === '2',
      15_000,
      200,
    );
  });

  it('a plugin whose setup never finishes fails after GW_PLUGIN_TIMEOUT_MS: at start with a clear error, on reload keeping the last good config', async () => {
    const { configPath, config } = setup({ deny: { add: 'denied by policy' } });
    const dir = path.dirname(configPath);
    writeFileSync(path.join(dir, 'hang.mjs'), "export default { name: 'hang', setup: () => new Promise(() => {}) };\n");
    const env = { GW_PLUGIN_TIMEOUT_MS: '1000' };
    const gw = await startGateway(null, { configPath, env });
    await toolNames(gw.client, ['fx_add']);
    writeConfig({ ...config, plugins: [...(config.plugins as unknown[]), { module: './hang.mjs' }] }, dir);
    await waitFor(() => gw.stderr().includes('setup() did not finish within 1 s'), 15_000);
    expect(textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 1 } }))).toBe('denied by policy');
    // Reloading goes on working after the stuck setup.
    writeConfig({ ...config, plugins: [] }, dir);
    await waitFor(async () => textOf(await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 1 } })) === '2', 15_000, 200);

    await gw.close();
    writeConfig({ ...config, plugins: [{ module: './hang.mjs' }] }, dir);
    const start = await runGw(['serve', '--config', configPath], { env, input: '' });
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/plugin 'hang' failed to set up: setup\(\) did not finish within 1 s/);
  });

  it('withholds a resource read when a postRead hook throws (content a plugin could not check is not passed on)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'reader.mjs'), "export default { name: 'reader', hooks: { postRead() { throw new Error('scanner down'); } } };\n");
    const configPath = writeConfig({ mcpServers: { res: fixtureEntry('resources.ts', { FIXTURE_NAME: 'res' }) }, plugins: [{ module: './reader.mjs' }] }, dir);
    const gw = await startGateway(null, { configPath });
    await waitFor(async () => (await gw.client.listResources()).resources.some((r) => r.uri === 'fixture://a'));
    await expect(gw.client.readResource({ uri: 'fixture://a' })).rejects.toThrow(/Resource fixture:\/\/a was withheld: plugin 'reader' failed in postRead: scanner down/);
  });

  it('fails a call whose preToolCall hook never answers, after GW_HOOK_TIMEOUT_MS, naming the plugin', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'stuck.mjs'), "export default { name: 'stuck', hooks: { preToolCall: () => new Promise(() => {}) } };\n");
    const configPath = writeConfig({ mcpServers: { fx: fixtureEntry() }, plugins: [{ module: './stuck.mjs' }] }, dir);
    const gw = await startGateway(null, { configPath, env: { GW_HOOK_TIMEOUT_MS: '1000' } });
    await toolNames(gw.client, ['fx_add']);
    const result = await gw.client.callTool({ name: 'fx_add', arguments: { a: 1, b: 2 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Tool 'fx_add' was not called: plugin 'stuck' failed in preToolCall: preToolCall did not answer within 1 s");
  });
});
