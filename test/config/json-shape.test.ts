// Unit tests for the JSON a config must not be built from: reserved keys (with path and line:col), nesting depth, and text that looks like both.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, findUnsafeKey, tooDeepAt } from '../../src/config/json-shape.js';
import { parseConfigText, parseJsonText, validateConfig } from '../../src/config/parse.js';
import { GatewayError } from '../../src/errors.js';

const FILE = path.resolve('/tmp/gw-shape-test/gateway.json');

// The GatewayError a call throws (the test fails if it throws nothing or something else).
function failure(run: () => unknown): GatewayError {
  let thrown: unknown;
  expect(() => {
    try {
      run();
    } catch (error) {
      thrown = error;
      throw error;
    }
  }).toThrow(GatewayError);
  return thrown as GatewayError;
}

describe('reserved keys in gateway.json text', () => {
  it.each([
    ['{"mcpServers":{"a":{"__proto__":{"command":"sh"}}}}', 'mcpServers.a.__proto__', '"__proto__"', '1:21'],
    ['{"mcpServers":{"__proto__":{"command":"sh"}}}', 'mcpServers.__proto__', '"__proto__"', '1:16'],
    ['{\n  "mcpServers": {\n    "constructor": {"command": "sh"}\n  }\n}', 'mcpServers.constructor', '"constructor"', '3:5'],
    ['{"mcpServers":{"a":{"command":"x","env":{"prototype":"1"}}}}', 'mcpServers.a.env.prototype', '"prototype"', '1:42'],
    ['{"mcpServers":{"a":{"command":"x"}},"groups":{"g":{"servers":["a"],"__proto__":{"allow":["x"]}}}}', 'groups.g.__proto__', '"__proto__"', '1:68'],
    ['{"mcpServers":{},"plugins":[{"module":"m","options":{"__proto__":{"x":1}}}]}', 'plugins[0].options.__proto__', '"__proto__"', '1:54'],
  ])('rejects %s naming the path and line:col', (json, where, key, at) => {
    const error = failure(() => parseConfigText(json, { file: FILE }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${FILE}: ${where}: the key ${key} is not allowed`);
    expect(error.message).toContain(`(line ${at})`);
    expect(error.message).toMatch(/Remove or rename it/);
  });

  it('allows the words as values and inside longer keys', () => {
    const config = parseConfigText(
      JSON.stringify({ mcpServers: { a: { command: 'constructor', args: ['__proto__'], env: { my_constructor: 'prototype' } } } }),
      { file: FILE },
    );
    expect(config.servers[0]).toMatchObject({ command: 'constructor', args: ['__proto__'], env: { my_constructor: 'prototype' } });
  });

  it('rejects a reserved own key in a config built in code, and an object literal that sets a prototype', () => {
    const parsed = JSON.parse('{"mcpServers":{"a":{"__proto__":{"command":"sh"}}}}') as unknown;
    expect(failure(() => validateConfig(parsed, { file: FILE })).message).toContain('mcpServers.a.__proto__ the key "__proto__" is not allowed');
    const literal = { mcpServers: { a: { __proto__: { command: 'sh' } } } };
    expect(failure(() => validateConfig(literal, { file: FILE })).message).toContain('mcpServers.a.__proto__');
    expect(findUnsafeKey({ a: [{ b: Object.create(null) as unknown }] })).toBeUndefined();
    // Plugin options passed from code may hold class instances, RegExps and Maps.
    expect(findUnsafeKey({ plugins: [{ options: { re: /x/, when: new Date(), seen: new Map(), self: new (class Opt {})() } }] })).toBeUndefined();
  });
});

describe('nesting depth', () => {
  it('answers a 100,000-deep file with a clear message, not a stack overflow', () => {
    for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
      const deep = open.repeat(100_000) + '1' + close.repeat(100_000);
      const error = failure(() => parseJsonText(deep, FILE));
      expect(error.message).toContain(`nested more than ${MAX_DEPTH} levels deep`);
      expect(error.message).not.toMatch(/call stack/);
    }
  });

  it('counts brackets outside strings only', () => {
    expect(tooDeepAt(`{"a":"${'['.repeat(500)}"}`)).toBeUndefined();
    expect(tooDeepAt(`{"a\\"[[[":${'['.repeat(3)}]]]}`, 3)).toBe(12);
    expect(tooDeepAt('[[[]]]', 3)).toBeUndefined();
  });

  it('rejects a value built in code that is nested too deep', () => {
    let value: unknown = 1;
    for (let i = 0; i < 10_000; i++) value = { a: value };
    expect(failure(() => validateConfig({ mcpServers: {}, plugins: [{ module: 'm', options: value }] }, { file: FILE })).message).toMatch(
      /levels deep/,
    );
  });
});
