// Unit tests for code mode's switch and limits: gateway settings, a group's override, and their validation.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeModeAnywhere, codeModeFor, DEFAULT_CODE_MODE_LIMITS } from '../../src/code-mode/limits.js';
import { parseConfigText } from '../../src/config/parse.js';

const FILE = path.resolve('/tmp/gw-code-mode-test/gateway.json');
const parse = (value: unknown) =>
  parseConfigText(JSON.stringify(value), { file: FILE, dir: path.dirname(FILE) } as never);

describe('codeModeFor', () => {
  it('is off by default, on with true (default limits), and merges a gateway object under a group object', () => {
    const off = parse({ mcpServers: {} });
    expect(codeModeFor(off, undefined)).toBeUndefined();
    expect(codeModeAnywhere(off)).toBe(false);
    expect(codeModeFor(parse({ settings: { codeMode: true } }), undefined)).toEqual(DEFAULT_CODE_MODE_LIMITS);
    const config = parse({
      mcpServers: {},
      groups: { a: { codeMode: { maxCalls: 5 } }, b: { codeMode: false }, c: {}, d: { codeMode: true } },
      settings: { codeMode: { timeoutMs: 1000, maxCalls: 9 } },
    });
    expect(codeModeFor(config, undefined)).toEqual({
      ...DEFAULT_CODE_MODE_LIMITS,
      timeoutMs: 1000,
      maxCalls: 9,
    });
    expect(codeModeFor(config, 'a')).toEqual({ ...DEFAULT_CODE_MODE_LIMITS, timeoutMs: 1000, maxCalls: 5 });
    expect(codeModeFor(config, 'b')).toBeUndefined();
    expect(codeModeFor(config, 'c')?.maxCalls).toBe(9);
    expect(codeModeFor(config, 'd')?.timeoutMs).toBe(1000);
  });

  it('lets a group turn it on while the gateway has it off', () => {
    const config = parse({ mcpServers: {}, groups: { dev: { codeMode: { memoryMb: 32 } } } });
    expect(codeModeAnywhere(config)).toBe(true);
    expect(codeModeFor(config, undefined)).toBeUndefined();
    expect(codeModeFor(config, 'dev')).toEqual({ ...DEFAULT_CODE_MODE_LIMITS, memoryMb: 32 });
  });

  it('rejects unknown keys and bad values, naming the path', () => {
    expect(() => parse({ settings: { codeMode: { timeout: 5 } } })).toThrow(/settings\.codeMode/);
    expect(() => parse({ settings: { codeMode: { maxCalls: 0 } } })).toThrow(/settings\.codeMode/);
    expect(() => parse({ groups: { g: { codeMode: 'yes' } } })).toThrow(/groups\.g\.codeMode/);
  });
});
