// Unit tests for the TypeScript declarations generated from tools' JSON Schemas.
import { describe, expect, it } from 'vitest';
import { schemaToType, toolMember, toolsDeclaration } from '../../src/code-mode/declarations.js';

describe('schemaToType', () => {
  it('maps primitives, enums, consts, unions, intersections, arrays, tuples and maps', () => {
    expect(schemaToType({ type: 'string' })).toBe('string');
    expect(schemaToType({ type: 'integer' })).toBe('number');
    expect(schemaToType({ type: ['string', 'null'] })).toBe('string | null');
    expect(schemaToType({ enum: ['a', 1, null] })).toBe('"a" | 1 | null');
    expect(schemaToType({ const: 'x' })).toBe('"x"');
    expect(schemaToType({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'number' } }] })).toBe(
      'string | Array<number>',
    );
    expect(
      schemaToType({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } } },
          { type: 'object', properties: { b: { type: 'number' } } },
        ],
      }),
    ).toBe('{ a?: string; } & { b?: number; }');
    expect(schemaToType({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } })).toBe(
      'Array<string | number>',
    );
    expect(schemaToType({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }] })).toBe(
      '[string, boolean]',
    );
    expect(schemaToType({ type: 'object', additionalProperties: { type: 'number' } })).toBe(
      'Record<string, number>',
    );
    expect(schemaToType({ type: 'object' })).toBe('Record<string, unknown>');
    expect(schemaToType({ type: 'object', properties: {}, additionalProperties: false })).toBe('{}');
  });

  it('gives unknown for what it cannot express and stops at a depth limit', () => {
    expect(schemaToType({ $ref: '#/definitions/x' })).toBe('unknown');
    expect(schemaToType(true)).toBe('unknown');
    expect(schemaToType(false)).toBe('never');
    expect(schemaToType('nonsense')).toBe('unknown');
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 10; i++) deep = { type: 'object', properties: { x: deep }, required: ['x'] };
    expect(schemaToType(deep)).toContain('x: unknown;');
  });

  it('quotes property names that are not identifiers and keeps extra properties of a typed map', () => {
    expect(
      schemaToType({
        type: 'object',
        properties: { 'a-b': { type: 'string' }, ok: { type: 'number' } },
        required: ['ok'],
        additionalProperties: { type: 'string' },
      }),
    ).toBe('{ "a-b"?: string; ok: number; [key: string]: string; }');
  });
});

describe('toolMember and toolsDeclaration', () => {
  it('writes one method per tool with its description and parameter comments, output from outputSchema', () => {
    const member = toolMember({
      name: 'github_create_issue',
      description: 'Create an issue.\n\nLong text.',
      inputSchema: {
        type: 'object',
        properties: {
          title: { type: 'string', description: 'The title */ sneaky' },
          body: { type: 'string' },
        },
        required: ['title'],
      },
      outputSchema: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
    });
    expect(member).toBe(
      [
        '/** Create an issue. */',
        'github_create_issue(args: {',
        '  /** The title *\\/ sneaky */',
        '  title: string;',
        '  body?: string;',
        '}): Promise<{ id: number; }>;',
      ].join('\n'),
    );
  });

  it('makes args optional when nothing is required and quotes names that are not identifiers', () => {
    const text = toolsDeclaration([
      { name: 'x-y', inputSchema: { type: 'object' } },
      { name: 'a_b', inputSchema: { type: 'object', properties: { n: { type: 'number' } } } },
    ]);
    expect(text).toBe(
      [
        'declare const tools: {',
        '  "x-y"(args?: Record<string, unknown>): Promise<unknown>;',
        '  a_b(args?: {',
        '    n?: number;',
        '  }): Promise<unknown>;',
        '};',
      ].join('\n'),
    );
  });
});
