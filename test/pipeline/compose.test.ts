import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/pipeline/compose.js';
import type { Middleware, ToolCallContext } from '../../src/pipeline/types.js';

const ctx = { name: 'fx_echo' } as unknown as ToolCallContext;
const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

describe('compose', () => {
  it('runs middleware onion-style around the final handler', async () => {
    const order: string[] = [];
    const outer: Middleware = async (_c, next) => {
      order.push('outer in');
      const r = await next();
      order.push('outer out');
      return r;
    };
    const inner: Middleware = async (_c, next) => {
      order.push('inner in');
      return next();
    };
    const result = await compose([outer, inner])(ctx, async () => {
      order.push('final');
      return text('done');
    });
    expect(result).toEqual(text('done'));
    expect(order).toEqual(['outer in', 'inner in', 'final', 'outer out']);
  });

  it('lets a middleware answer without calling next', async () => {
    let reached = false;
    const result = await compose([async () => text('short-circuit')])(ctx, async () => {
      reached = true;
      return text('final');
    });
    expect(result).toEqual(text('short-circuit'));
    expect(reached).toBe(false);
  });

  it('refuses next() called twice', async () => {
    const twice: Middleware = async (_c, next) => {
      await next();
      return next();
    };
    await expect(compose([twice])(ctx, async () => text('x'))).rejects.toThrow('next() more than once');
  });
});
