// The sandbox on its own (real QuickJS, no gateway): the script's API, JSON-only crossings, errors by line, limits.
import { describe, expect, it } from 'vitest';
import { valueOf } from '../../src/code-mode/host.js';
import { wrapScript } from '../../src/code-mode/prelude.js';
import { RunStopped, type SandboxHost } from '../../src/code-mode/run-types.js';
import { runSandbox } from '../../src/code-mode/sandbox.js';
import { formatScriptError, toScriptError } from '../../src/code-mode/script-errors.js';
import { loadStripper, stripTypes } from '../../src/code-mode/strip-types.js';

const LIMITS = { timeoutMs: 5000, memoryMb: 32, maxOutputChars: 1000 };
const seen: Array<[string, unknown]> = [];
const HOST: SandboxHost = {
  async call(name, args) {
    if (name === 'stop_now') throw new RunStopped('calls', 'too many');
    seen.push([name, JSON.parse(args)]);
    return JSON.stringify(
      name === 'bad' ? { ok: false, error: 'it broke', tool: name } : { ok: true, value: { name } },
    );
  },
  search: async (query) => JSON.stringify({ ok: true, value: [query] }),
  describe: async (name) => JSON.stringify({ ok: true, value: { name } }),
};

async function runTs(code: string, limits = LIMITS, signal?: AbortSignal) {
  await loadStripper();
  const stripped = stripTypes(wrapScript(code));
  if ('error' in stripped) throw new Error(formatScriptError(stripped.error));
  return runSandbox(stripped.js, HOST, limits, signal);
}

describe('runSandbox', () => {
  it('runs TypeScript with tools, search, describe, console and sleep; values cross as JSON', async () => {
    const out = await runTs(
      "const a: { name: string } = await tools.fx_echo({ n: 1 });\nconst [s, d] = await Promise.all([tools.search('q'), tools.describe('x')]);\nawait sleep(1);\nconsole.log('got', a.name, s, d);\nreturn { ok: true };",
    );
    expect(out.error).toBeUndefined();
    expect(out.output).toBe('got fx_echo ["q"] {"name":"x"}');
    expect(out.result).toBe('{"ok":true}');
    expect(seen).toContainEqual(['fx_echo', { n: 1 }]);
    expect(out.startMs).toBeGreaterThan(0);
  });

  it('turns a failed call into a catchable ToolError and an uncaught one into the script error with its line', async () => {
    const caught = await runTs(
      "try { await tools.bad({}) } catch (e) { return e.name + ': ' + e.message + ' / ' + e.tool }",
    );
    expect(caught.result).toBe('ToolError: it broke / bad');
    const uncaught = await runTs('const x = 1;\nawait tools.bad({});');
    expect(uncaught.error).toMatchObject({ name: 'ToolError', message: 'it broke' });
  });

  it('stops the run when the host says so (a limit), with what was printed before', async () => {
    const out = await runTs("console.log('first');\nawait tools.stop_now({});\nconsole.log('never');");
    expect(out.stopped).toEqual({ reason: 'calls', message: 'too many' });
    expect(out.output).toBe('first');
  });

  it('cancels on the signal and cuts the result at the output limit', async () => {
    const controller = new AbortController();
    const pending = runTs('await new Promise(() => {});', LIMITS, controller.signal);
    controller.abort();
    expect((await pending).stopped?.reason).toBe('cancelled');
    const long = await runTs("console.log('abc');\nreturn 'x'.repeat(5000);", {
      ...LIMITS,
      maxOutputChars: 100,
    });
    expect(long.stopped?.reason).toBe('output');
    expect(long.output.length + (long.result ?? '').length).toBe(100);
  });
});

describe('script errors', () => {
  it('keeps only the script frames and moves line-1 columns past the wrapper', () => {
    const error = toScriptError({
      name: 'Error',
      message: 'boom',
      stack:
        '    at f (run_code.ts:1:40)\n    at settle (gw-prelude.js:7:5)\n    at <anonymous> (run_code.ts:3:4)\n    at <eval> (run_code.ts:5:1)\n',
    });
    expect(error).toEqual({
      name: 'Error',
      message: 'boom',
      line: 1,
      column: 18,
      frames: ['at f (line 1:18)', 'at line 3:4'],
    });
    expect(formatScriptError(error)).toBe(
      'Error: boom (line 1, column 18)\n    at f (line 1:18)\n    at line 3:4',
    );
  });

  it('reports a TypeScript syntax error at its own line and column', async () => {
    await loadStripper();
    const stripped = stripTypes(wrapScript('const a: number = 1;\nconst b = (;'));
    expect('error' in stripped && formatScriptError(stripped.error)).toMatch(
      /^SyntaxError: .* \(line 2, column 12\)$/m,
    );
  });
});

describe('valueOf', () => {
  it('prefers structured content, parses JSON text, keeps other text and non-text blocks', () => {
    expect(valueOf({ content: [{ type: 'text', text: 'x' }], structuredContent: { a: 1 } })).toEqual({
      a: 1,
    });
    expect(valueOf({ content: [{ type: 'text', text: ' [1,2] ' }] })).toEqual([1, 2]);
    expect(valueOf({ content: [{ type: 'text', text: '{not json' }] })).toBe('{not json');
    expect(valueOf({ content: [{ type: 'text', text: '42' }] })).toBe('42');
    const image = { type: 'image' as const, data: 'AA==', mimeType: 'image/png' };
    expect(valueOf({ content: [image] })).toEqual([image]);
  });
});
