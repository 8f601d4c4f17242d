// Composes middleware around a final handler, onion-style; calling next() twice is an error.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Middleware, ToolCallContext } from './types.js';

export function compose(middleware: readonly Middleware[]) {
  return function run(ctx: ToolCallContext, final: () => Promise<CallToolResult>): Promise<CallToolResult> {
    let last = -1;
    const dispatch = (i: number): Promise<CallToolResult> => {
      if (i <= last) return Promise.reject(new Error('middleware called next() more than once'));
      last = i;
      const fn = middleware[i];
      if (!fn) return final();
      return fn(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
