// The take/hand-on decision: the relay takes only a well-formed call nothing observes or rewrites; everything else goes
// on to the SDK Server's regular path, with the reason named.
import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolEntry } from '../../src/catalog/catalog.js';
import { decideCall, type DecideContext } from '../../src/relay/decide.js';

const tool: Tool = { name: 'echo', inputSchema: { type: 'object' } };
const plain: ToolEntry = { name: 'up_echo', server: 'up', tool, exposed: tool };
const entries = new Map<string, ToolEntry>([
  ['up_echo', plain],
  ['up_cut', { ...plain, name: 'up_cut', maxResultChars: 10 }],
  ['up_many', { ...plain, name: 'up_many', members: new Map() }],
  ['up_over', { ...plain, name: 'up_over', override: { rewritesArguments: true } as ToolEntry['override'] }],
  ['search_tools', { ...plain, name: 'search_tools', local: {} as ToolEntry['local'] }],
  ['ui_tool', { ...plain, name: 'ui_tool', server: 'ui' }],
]);

const ctx = (over: Partial<DecideContext> = {}): DecideContext => ({
  observed: () => false,
  lookup: (name) => entries.get(name),
  invalid: (_entry, args) => args.bad === true,
  scopedUris: (server) => server === 'ui',
  ...over,
});

const call = (params: unknown, id: unknown = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params });
const reason = (d: ReturnType<typeof decideCall>) => (d.take ? 'taken' : d.reason);

describe('decideCall', () => {
  it('takes a plain call, with its arguments and the client progress token', () => {
    const d = decideCall(
      call({ name: 'up_echo', arguments: { text: 'a' }, _meta: { progressToken: 'p1' } }, 'c'),
      ctx(),
    );
    expect(d).toEqual({ take: true, id: 'c', entry: plain, args: { text: 'a' }, progressToken: 'p1' });
    expect(decideCall(call({ name: 'up_echo' }), ctx())).toMatchObject({ take: true, args: {} });
  });

  it('hands on what a plugin observes', () => {
    expect(reason(decideCall(call({ name: 'up_echo' }), ctx({ observed: () => true })))).toBe(
      'a plugin observes calls',
    );
  });

  it('hands on what the regular path must rewrite, answer or run', () => {
    expect(reason(decideCall(call({ name: 'up_cut' }), ctx()))).toBe('a result size limit');
    expect(reason(decideCall(call({ name: 'up_many' }), ctx()))).toBe('a consolidated tool');
    expect(reason(decideCall(call({ name: 'up_over' }), ctx()))).toBe('an override rewrites the arguments');
    expect(reason(decideCall(call({ name: 'search_tools' }), ctx()))).toBe('a gateway tool');
    expect(reason(decideCall(call({ name: 'ui_tool' }), ctx()))).toBe('results name scoped URIs');
    expect(reason(decideCall(call({ name: 'nope' }), ctx()))).toBe('unknown tool');
    expect(reason(decideCall(call({ name: 'up_echo', arguments: { bad: true } }), ctx()))).toBe(
      'invalid arguments',
    );
    expect(reason(decideCall(call({ name: 'up_echo', task: { ttl: 1000 } }), ctx()))).toBe(
      'a task-augmented call',
    );
  });

  it('hands on malformed calls, for the SDK Server to answer', () => {
    expect(reason(decideCall(call({ name: 'up_echo' }, null), ctx()))).toBe('not a tools/call request');
    expect(reason(decideCall(call({ name: 'up_echo' }, { x: 1 }), ctx()))).toBe('not a tools/call request');
    expect(reason(decideCall(call({ name: 3 }), ctx()))).toBe('malformed params');
    expect(reason(decideCall(call({ name: 'up_echo', arguments: [1] }), ctx()))).toBe(
      'arguments are not an object',
    );
    expect(reason(decideCall(call({ name: 'up_echo', _meta: { progressToken: { a: 1 } } }), ctx()))).toBe(
      'malformed progress token',
    );
  });
});
