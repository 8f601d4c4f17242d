// Code mode through the real binary: run_code's inner calls governed like direct ones (rules, confirm, audit), its
// limits, escape attempts, cancellation and TypeScript input.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ElicitRequestSchema,
  type CallToolResult,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor, type GatewayHandle } from '../helpers/gateway.js';
import { loggedIds } from '../helpers/supervise.js';

const plugin = (name: string, options: unknown = {}) => ({
  module: `fast-mcp-gateway/plugins/${name}`,
  options,
});
const CLIENT = { timeout: 60_000 };

const run = async (gw: GatewayHandle, code: string, extra: Record<string, unknown> = {}) =>
  (await gw.client.callTool(
    { name: 'run_code', arguments: { code, ...extra } },
    undefined,
    CLIENT,
  )) as CallToolResult;
const runMeta = (result: CallToolResult) =>
  result._meta?.['fast-gateway/run'] as { id: string; calls: number; limit?: string };

describe('run_code', () => {
  it('is off unless configured, and a group can turn it on for its own sessions only', async () => {
    const config = {
      mcpServers: { fx: fixtureEntry() },
      groups: { dev: { servers: ['fx'], codeMode: true } },
    };
    const plain = await startGateway(config);
    const names = (await toolNames(plain.client, ['fx_echo'])) as string[];
    expect(names).not.toContain('run_code');
    expect(textOf(await run(plain, 'return 1'))).toContain("Unknown tool: 'run_code'");
    const dev = await startGateway(config, { args: ['--group', 'dev'] });
    expect(await toolNames(dev.client, ['fx_echo', 'run_code'])).toContain('run_code');
    expect(textOf(await run(dev, 'return 1 + 1'))).toBe('2');
  });

  it('governs every inner call like a direct one: rules, batch confirmation (yes and no), audit with the run id', async () => {
    const dir = tempDir();
    const asked: string[] = [];
    let answer: ElicitResult = { action: 'accept', content: { approve: true } };
    const configPath = writeConfig(
      {
        mcpServers: { fx: fixtureEntry('fixture.ts', {}, { deny: ['crash'] }) },
        plugins: [plugin('audit'), plugin('confirm', { tools: ['add'] })],
        settings: { codeMode: true },
      },
      dir,
    );
    const gw = await startGateway(null, {
      configPath,
      clientOptions: { capabilities: { elicitation: {} } },
      prepare: (client) =>
        client.setRequestHandler(ElicitRequestSchema, (request) => {
          asked.push(request.params.message);
          return answer;
        }),
    });
    await toolNames(gw.client, ['fx_echo', 'run_code']);
    // TypeScript: annotations and casts are stripped before the sandbox runs it.
    const code = [
      "const echoed: { text: string } = (await tools.fx_echo({ text: 'hi' })) as { text: string };",
      'const sums: string[] = [];',
      'for (const [a, b] of [[1, 2], [3, 4]]) sums.push(String(await tools.fx_add({ a, b })));',
      "let blocked = '';",
      'try { await tools.fx_crash({}); } catch (err) { blocked = (err as Error).message; }',
      "console.log('echo', echoed.text);",
      'return { sums, blocked };',
    ].join('\n');
    const result = await run(gw, code, { plan: { fx_add: 2 } });
    expect(result.isError).toBeFalsy();
    const [printed, returned] = textOf(result).split('\n');
    expect(printed).toBe('echo hi');
    const value = JSON.parse(returned ?? '') as { sums: string[]; blocked: string };
    expect(value.sums).toEqual(['3', '7']);
    // A tool the caller could not call directly reads the same from code: unknown, and never reaches the server.
    expect(value.blocked).toContain("Unknown tool: 'fx_crash'");
    // One prompt for the stated set, not one per call.
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("will call 'fx_add' 2 times");
    const { id, calls } = runMeta(result);
    expect(calls).toBe(4);

    // Denied: the inner call throws an error the script catches.
    answer = { action: 'decline' };
    const denied = await run(
      gw,
      "try { await tools.fx_add({ a: 1, b: 1 }); return 'ran'; } catch (e) { return 'caught: ' + e.message; }",
    );
    expect(asked).toHaveLength(2);
    expect(asked[1]).toContain("will call 'fx_add' once");
    expect(textOf(denied)).toContain("caught: Tool 'fx_add' was denied: the call was not confirmed");

    await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'direct' } });
    const file = path.join(dir, '.fast-gateway', 'audit.jsonl');
    const lines = await waitFor(() => {
      const parsed = (existsSync(file) ? readFileSync(file, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      return parsed.length === 5 ? parsed : undefined;
    });
    expect(lines.map((l) => [l.name, l.decision, l.run])).toEqual([
      ['fx_echo', 'allowed', id],
      ['fx_add', 'allowed', id],
      ['fx_add', 'allowed', id],
      ['fx_add', 'denied', runMeta(denied).id],
      ['fx_echo', 'allowed', undefined],
    ]);
  });

  it('stops at each limit with partial output and says which, reports script errors by line, and the gateway goes on', async () => {
    // The time limit has a gateway of its own: on a loaded machine a 3 s deadline could stop the other runs before
    // the limit each of them is about.
    const limits = { memoryMb: 32, maxCalls: 3, maxOutputChars: 400 };
    const [timed, gw] = await Promise.all([
      startGateway({ mcpServers: {}, settings: { codeMode: { ...limits, timeoutMs: 3000 } } }),
      startGateway({ mcpServers: { fx: fixtureEntry() }, settings: { codeMode: { ...limits, timeoutMs: 120_000 } } }),
    ]);
    await Promise.all([toolNames(timed.client, ['run_code']), toolNames(gw.client, ['fx_echo', 'run_code'])]);
    const loop = await run(timed, "console.log('before');\nwhile (true) {}");
    expect(loop.isError).toBe(true);
    expect(runMeta(loop).limit).toBe('timeout');
    expect(textOf(loop)).toContain('timeoutMs');
    expect(textOf(loop)).toContain('Output before it stopped:\nbefore');
    expect(textOf(await run(timed, 'return 1 + 1;'))).toContain('2');

    const bomb = await run(gw, 'const a = [];\nfor (;;) a.push(new Array(1000).fill(a.length));');
    expect(runMeta(bomb).limit).toBe('memory');
    expect(textOf(bomb)).toContain('32 MB');

    const many = await run(
      gw,
      "for (let i = 0; i < 10; i++) console.log((await tools.fx_echo({ text: 'n' + i })).text);",
    );
    expect(runMeta(many).limit).toBe('calls');
    expect(textOf(many)).toContain('more than 3 tool calls (maxCalls)');
    expect(textOf(many)).toContain('n0\nn1\nn2');

    const chatty = await run(gw, "for (;;) console.log('0123456789');");
    expect(runMeta(chatty).limit).toBe('output');
    expect(textOf(chatty)).toContain('maxOutputChars');

    const syntax = await run(gw, 'const ok = 1;\nconst x = ;');
    expect(textOf(syntax)).toMatch(/^SyntaxError: .*\(line 2, column 11\)/);
    const thrown = await run(gw, "function inner() {\n  throw new Error('boom');\n}\ninner();");
    expect(textOf(thrown)).toContain('Error: boom (line 2, column');
    expect(textOf(thrown)).toContain('at inner (line 2:');
    expect(textOf(thrown)).not.toContain('prelude');
    const deep = await run(gw, 'function r(): number { return r() + 1; }\nreturn r();');
    expect(textOf(deep)).toContain('stack overflow');

    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'still here' } }))).toBe(
      'still here',
    );
  });

  it('gives a script nothing of the host: no process, require, import, host objects or meta-tools', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() }, settings: { codeMode: true } });
    await toolNames(gw.client, ['fx_echo', 'run_code']);
    const probe = await run(
      gw,
      [
        'const out: Record<string, unknown> = {};',
        "out.ctor = this === undefined ? 'no this' : this.constructor.constructor('return typeof process')();",
        "out.fn = Function('return typeof process + typeof require + typeof __gw')();",
        'out.globals = Object.getOwnPropertyNames(globalThis).filter((k) => !/^[A-Z]/.test(k) && !["globalThis","parseInt","parseFloat","isNaN","isFinite","decodeURI","decodeURIComponent","encodeURI","encodeURIComponent","escape","unescape","Infinity","NaN","undefined","eval"].includes(k));',
        "try { await import('node:fs'); out.imported = true; } catch (e) { out.importError = String(e); }",
        "try { await tools.search_tools({ query: 'x' }); } catch (e) { out.meta = String(e); }",
        "try { await tools.run_code({ code: 'return 1' }); } catch (e) { out.nested = String(e); }",
        'try { await tools.constructor({}); } catch (e) { out.proto = String(e); }',
        'return out;',
      ].join('\n'),
    );
    const out = JSON.parse(textOf(probe)) as Record<string, unknown>;
    expect(out.ctor).toBe('undefined');
    expect(out.fn).toBe('undefinedundefinedundefined');
    expect(out.globals).toEqual(['tools', 'console', 'sleep']);
    expect(out.imported).toBeUndefined();
    expect(String(out.importError)).toContain('node:fs');
    expect(out.meta).toContain("'search_tools' is one of the gateway's own tools");
    expect(out.nested).toContain("'run_code' is one of the gateway's own tools");
    expect(out.proto).toContain("Unknown tool: 'constructor'");
  });

  it('cancels the inner calls in flight when the outer call is cancelled', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() }, settings: { codeMode: true } });
    await toolNames(gw.client, ['fx_sleep', 'run_code']);
    const controller = new AbortController();
    const pending = gw.client
      .callTool(
        { name: 'run_code', arguments: { code: 'await tools.fx_sleep({ ms: 60000 });' } },
        undefined,
        { ...CLIENT, signal: controller.signal },
      )
      .catch((error: unknown) => error);
    const sleepId = await waitFor(() => loggedIds(gw.stderr(), 'fx', 'sleep')[0]);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await waitFor(() => loggedIds(gw.stderr(), 'fx', 'cancelled').includes(sleepId));
    expect(textOf(await run(gw, "return (await tools.fx_echo({ text: 'after' })).text"))).toBe('after');
  });

  it('describes tools as TypeScript for scripts: describe_tool, search_tools and tools.describe()', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() }, settings: { codeMode: true } });
    await toolNames(gw.client, ['fx_echo', 'run_code']);
    const described = await gw.client.callTool({
      name: 'describe_tool',
      arguments: { name: 'fx_add', format: 'typescript' },
    });
    const ts = (described.structuredContent as { typescript: string }).typescript;
    expect(ts).toContain('declare const tools: {');
    expect(ts).toMatch(/fx_add\(args: \{\n\s+a: number;\n\s+b: number;\n\s+\}\): Promise<unknown>;/);
    const found = await gw.client.callTool({
      name: 'search_tools',
      arguments: { query: 'echo text', format: 'typescript' },
    });
    expect((found.structuredContent as { typescript: string }).typescript).toContain('fx_echo(args: {');
    const inside = await run(
      gw,
      "const d = await tools.describe('fx_echo');\nconst s = await tools.search('add two numbers');\nreturn [d.typescript.includes('Promise<{ text: string; }>'), s.results[0].name];",
    );
    expect(JSON.parse(textOf(inside))).toEqual([true, 'fx_add']);
  });
});
