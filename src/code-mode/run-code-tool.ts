// The run_code meta-tool: a script over the caller's tools, in a sandbox, each inner call under the session's policy.
import { randomBytes } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { LocalTool, LocalToolContext } from '../catalog/catalog.js';
import type { GatewayConfig } from '../config/schema.js';
import { messageOf } from '../errors.js';
import { errorResult, unknownToolResult } from '../pipeline/results.js';
import { createBatchApproval, plannedCalls } from './approval.js';
import { createRunHost } from './host.js';
import { codeModeFor } from './limits.js';
import { toCallResult } from './outcome.js';
import { wrapScript } from './prelude.js';
import { runSandbox } from './sandbox.js';
import { formatScriptError } from './script-errors.js';
import { loadStripper, stripTypes } from './strip-types.js';

export const RUN_CODE = 'run_code';

export interface RunCodeOptions {
  config: () => GatewayConfig;
  // The gateway's own tools a script must not call as tools.<name>.
  reserved: ReadonlySet<string>;
  // search_tools and describe_tool, answered as they answer the model (with TypeScript declarations).
  search(query: string, ctx: LocalToolContext): Promise<CallToolResult>;
  describe(name: string, ctx: LocalToolContext): Promise<CallToolResult>;
}

export function createRunCodeTool(options: RunCodeOptions): LocalTool {
  return {
    meta: true,
    visibleIn: (group) => codeModeFor(options.config(), group) !== undefined,
    definition: {
      name: RUN_CODE,
      description:
        "Run a short JavaScript or TypeScript program that calls this gateway's tools and returns only what you need: one call instead of many. " +
        'The code is the body of an async function: `const r = await tools.<exact_tool_name>({ ...args })` (the value is the structured result, or the text, parsed when it is JSON; a failed or denied call throws), ' +
        '`await tools.search("what to do")`, `await tools.describe("name")` (its TypeScript declaration), `console.log(...)`, `await sleep(ms)`; `return` the answer. ' + // stdout-ok: text of the tool's description, not a write
        'No network, files, imports or timers. Limits per run on time, memory, tool calls and output are reported when hit.',
      inputSchema: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'The program (JavaScript or TypeScript)' },
          plan: {
            type: 'object',
            additionalProperties: { type: 'integer', minimum: 1 },
            description:
              'How many times the program calls each tool that may need the user\'s approval, e.g. {"github_create_issue": 3}: the user is asked once per tool for that many calls',
          },
        },
        required: ['code'],
      },
      annotations: { openWorldHint: true },
    },
    async handler(args, ctx) {
      const session = ctx.session;
      const limits = codeModeFor(options.config(), session.group);
      if (!limits) return unknownToolResult(RUN_CODE);
      const code = typeof args.code === 'string' ? args.code : '';
      if (code.trim() === '') return errorResult("run_code needs a non-empty 'code' string.");
      const plan =
        typeof args.plan === 'object' && args.plan !== null && !Array.isArray(args.plan)
          ? (args.plan as Record<string, unknown>)
          : undefined;
      await loadStripper();
      const stripped = stripTypes(wrapScript(code));
      if ('error' in stripped) return errorResult(formatScriptError(stripped.error));
      const runId = randomBytes(6).toString('hex');
      // Ends with the run: inner calls still in flight when the script returns, stops or is cancelled are cancelled.
      const inner = new AbortController();
      const cancel = () => inner.abort();
      ctx.signal.addEventListener('abort', cancel, { once: true });
      const discoverCtx: LocalToolContext = { signal: inner.signal, session: ctx.session };
      const { host, calls } = createRunHost({
        session,
        context: ctx.session,
        signal: inner.signal,
        maxCalls: limits.maxCalls,
        reserved: options.reserved,
        as: createBatchApproval(runId, plannedCalls(code, plan)),
        search: (query) => options.search(query, discoverCtx),
        describe: (name) => options.describe(name, discoverCtx),
      });
      try {
        const outcome = await runSandbox(stripped.js, host, limits, ctx.signal);
        return toCallResult(outcome, { runId, calls: calls() });
      } catch (error) {
        return errorResult(`run_code failed to run the program: ${messageOf(error)}`);
      } finally {
        inner.abort();
        ctx.signal.removeEventListener('abort', cancel);
      }
    },
  };
}
