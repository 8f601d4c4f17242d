// Unit: policy → _meta hints, result truncation, and consolidation of identical tools.
import { describe, expect, it } from 'vitest';
import type { ToolEntry } from '../../src/catalog/catalog.js';
import { truncateResult, withHints } from '../../src/catalog/client-hints.js';
import { consolidateTools } from '../../src/catalog/consolidate.js';

const schema = { type: 'object' as const, properties: { q: { type: 'string' } } };

describe('withHints', () => {
  it('keeps upstream _meta and sets only the hints policy gives', () => {
    const tool = { name: 't', inputSchema: schema, _meta: { 'x/keep': 1, 'anthropic/searchHint': 'old' } };
    expect(withHints(tool, {})).toBe(tool);
    expect(withHints(tool, { searchHint: 'new', alwaysLoad: true })._meta).toEqual({ 'x/keep': 1, 'anthropic/searchHint': 'new', 'anthropic/alwaysLoad': true });
  });
});

describe('truncateResult', () => {
  it('cuts text across blocks to the limit, keeps other blocks, drops structuredContent, adds a marker', () => {
    const result = {
      content: [
        { type: 'text' as const, text: 'abcdef' },
        { type: 'image' as const, data: 'AA==', mimeType: 'image/png' },
        { type: 'text' as const, text: 'ghij' },
      ],
      structuredContent: { all: 'abcdefghij' },
    };
    const cut = truncateResult(result, 8);
    expect(cut.content.map((b) => (b.type === 'text' ? b.text : b.type))).toEqual([
      'abcdef',
      'image',
      'gh',
      '[truncated by the gateway: 8 of 10 characters shown (maxResultChars in gateway.json)]',
    ]);
    expect(cut.structuredContent).toBeUndefined();
    expect(truncateResult(result, 10)).toBe(result);
  });
});

describe('consolidateTools', () => {
  const entry = (server: string, name: string, inputSchema: object = schema): ToolEntry => {
    const tool = { name, inputSchema: inputSchema as typeof schema };
    return { name: `${server}_${name}`, server, tool, exposed: { ...tool, name: `${server}_${name}` } };
  };
  it('merges the same name and schema across servers (key order ignored), keeps different ones per server', () => {
    const reordered = { properties: { q: { type: 'string' } }, type: 'object' };
    const { tools } = consolidateTools([entry('a', 'find'), entry('b', 'find', reordered), entry('a', 'get'), entry('b', 'get', { type: 'object' })], '_');
    expect(tools.map((t) => t.name)).toEqual(['find', 'a_get', 'b_get']);
    expect([...(tools[0]?.members?.keys() ?? [])]).toEqual(['a', 'b']);
    expect(tools[0]?.exposed.inputSchema.required).toEqual(['target']);
  });
  it('leaves a tool that has its own target parameter per server, with a warning', () => {
    const own = { type: 'object', properties: { target: { type: 'string' } } };
    const { tools, warnings } = consolidateTools([entry('a', 'x', own), entry('b', 'x', own)], '_');
    expect(tools.map((t) => t.name)).toEqual(['a_x', 'b_x']);
    expect(warnings[0]).toContain("its own 'target' parameter");
  });
});
