// Argument checks against inputSchema: messages that name the field, 2020-12 schemas, per-definition caching.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createArgumentCheck } from '../../src/server/validate-arguments.js';

const add: Tool = {
  name: 'add',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false },
};

function setup() {
  const lines: string[] = [];
  const check = createArgumentCheck(createLogger({ level: 'debug', write: (l) => lines.push(l) }));
  return { check, lines };
}

describe('createArgumentCheck', () => {
  it('passes valid arguments and names every problem of invalid ones with the signature', () => {
    const { check } = setup();
    expect(check('fx_add', add, { a: 1, b: 2 })).toBeUndefined();
    const invalid = check('fx_add', add, { a: 'one', c: true });
    expect(invalid?.message).toBe(
      "Invalid arguments for tool 'fx_add': 'b' is required; 'c' is not a parameter of this tool; 'a' must be number. Call it as fx_add(a: number, b: number); required: a, b.",
    );
    expect(invalid?.data).toEqual({
      signature: 'fx_add(a: number, b: number)',
      required: ['a', 'b'],
      errors: ["'b' is required", "'c' is not a parameter of this tool", "'a' must be number"],
    });
  });

  it('names nested fields and enum values', () => {
    const { check } = setup();
    const tool: Tool = {
      name: 't',
      inputSchema: { type: 'object', properties: { opts: { type: 'object', properties: { mode: { enum: ['fast', 'full'] } } } } },
    };
    expect(check('t', tool, { opts: { mode: 'slow' } })?.data.errors).toEqual(["'opts.mode' must be one of \"fast\", \"full\""]);
    expect(check('t', tool, {})?.message).toBeUndefined();
  });

  it('uses the 2020-12 dialect when the schema says so', () => {
    const { check } = setup();
    const tool: Tool = {
      name: 'p',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } },
      },
    };
    expect(check('p', tool, { pair: ['a', 1] })).toBeUndefined();
    expect(check('p', tool, { pair: ['a', 'b'] })?.data.errors).toEqual(["'pair.1' must be number"]);
  });

  it('skips (and logs once) a schema that does not compile, and recompiles a new definition', () => {
    const { check, lines } = setup();
    const broken: Tool = { name: 'broken', inputSchema: { type: 'object', properties: { x: { $ref: '#/nowhere' } } } };
    expect(check('broken', broken, { x: 1 })).toBeUndefined();
    expect(check('broken', broken, { x: 2 })).toBeUndefined();
    expect(lines.filter((l) => l.includes("arguments of tool 'broken' are not checked"))).toHaveLength(1);
    // A refreshed list brings new definition objects: the new schema applies.
    const fixed: Tool = { name: 'broken', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } };
    expect(check('broken', fixed, { x: 2 })?.data.errors).toEqual(["'x' must be string"]);
  });

  it('does not clash on two schemas with the same $id', () => {
    const { check } = setup();
    const a: Tool = { name: 'a', inputSchema: { $id: 'same', type: 'object', properties: { x: { type: 'string' } } } as Tool['inputSchema'] };
    const b: Tool = { name: 'b', inputSchema: { $id: 'same', type: 'object', properties: { x: { type: 'number' } } } as Tool['inputSchema'] };
    expect(check('a', a, { x: 1 })?.data.errors).toEqual(["'x' must be string"]);
    expect(check('b', b, { x: 'y' })?.data.errors).toEqual(["'x' must be number"]);
  });
});
