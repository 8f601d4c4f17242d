// The confirm plugin: which calls need a human (globs, destructive tools), asked through MCP elicitation and bound to the exact arguments.
import type { ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import {
  definePluginFactory,
  type ConfirmContext,
  type Middleware,
  type ToolCallContext,
} from '../../pipeline/types.js';
import { errorResult } from '../../pipeline/results.js';
import { permissionDisplayMeta } from '../../catalog/client-hints.js';
import { DurationSchema } from '../shared/duration.js';
import { nameMatcher } from '../shared/globs.js';
import { canonicalJson, sha256 } from '../shared/hash.js';
import { parsePluginOptions } from '../shared/options.js';

const ConfirmOptionsSchema = z.strictObject({
  // Tools that always need confirmation: globs on the bare or the exposed name.
  tools: z.array(z.string().min(1)).default([]),
  // Also tools the upstream annotates with destructiveHint: true.
  destructive: z.boolean().default(true),
  // 'session': an approval holds for the same tool with the same arguments for the rest of the session.
  remember: z.enum(['none', 'session']).default('none'),
  // How long to wait for the user's answer.
  timeout: DurationSchema.default(5 * 60_000),
});
export type ConfirmOptions = z.input<typeof ConfirmOptionsSchema>;

// Where the approved arguments' hash travels from the confirm hook to the middleware.
const APPROVED = 'confirm.approvedHash';

export default definePluginFactory((options: ConfirmOptions = {}) => {
  const parsed = parsePluginOptions('confirm', ConfirmOptionsSchema, options);
  const matches = nameMatcher(parsed.tools);
  const remembered = new Set<string>();
  const callKey = (ctx: ToolCallContext) => sha256(canonicalJson([ctx.name, ctx.arguments]));

  const why = (ctx: ToolCallContext): string | undefined => {
    if (parsed.tools.length > 0 && matches(ctx.tool, ctx.name))
      return `'${ctx.name}' is listed in the confirm plugin's tools`;
    if (parsed.destructive && ctx.definition.annotations?.destructiveHint === true)
      return `'${ctx.name}' is marked destructive`;
    return undefined;
  };

  // The approval covers exactly the arguments shown; a later rewrite (by middleware) is refused.
  const bindArguments: Middleware = async function confirmBinding(ctx, next) {
    const approved = ctx.state[APPROVED];
    if (typeof approved === 'string' && approved !== callKey(ctx)) {
      return errorResult(
        `Tool '${ctx.name}' was not called: its arguments changed after you approved the call.`,
      );
    }
    return next();
  };

  return {
    name: 'confirm',
    middleware: bindArguments,
    hooks: {
      preToolCall(ctx) {
        const reason = why(ctx);
        if (!reason) return undefined;
        if (parsed.remember === 'session' && remembered.has(`${ctx.session.id}:${callKey(ctx)}`))
          return undefined;
        if (!ctx.session.capabilities.elicitation)
          return { decision: 'deny', reason: noElicitation(ctx, reason) };
        return { decision: 'confirm', reason };
      },
      async confirm(ctx) {
        if (!ctx.session.capabilities.elicitation) throw new Error(noElicitation(ctx, ctx.reason));
        const key = callKey(ctx);
        const answer = await ctx.session.elicit(elicitParams(ctx), {
          signal: ctx.signal,
          timeout: parsed.timeout,
        });
        const approved = answer.action === 'accept' && answer.content?.approve === true;
        if (approved) {
          ctx.state[APPROVED] = key;
          if (parsed.remember === 'session') remembered.add(`${ctx.session.id}:${key}`);
        }
        return approved;
      },
    },
  };
});

// What the user sees: the tool, why it needs approval and its exact arguments, with one yes/no field.
function elicitParams(ctx: ConfirmContext): ElicitRequest['params'] {
  const args = JSON.stringify(ctx.arguments, null, 2);
  return {
    message:
      `Allow the tool call '${ctx.name}' (server '${ctx.server}', tool '${ctx.tool}')?` +
      (ctx.reason ? `\nWhy you are asked: ${ctx.reason}.` : '') +
      `\nArguments:\n${args}`,
    requestedSchema: {
      type: 'object',
      properties: {
        approve: {
          type: 'boolean',
          title: 'Approve this call',
          description: `Run '${ctx.name}' with exactly these arguments`,
          default: false,
        },
      },
      required: ['approve'],
    },
    _meta: permissionDisplayMeta(ctx.name, ctx.definition.description),
  };
}

function noElicitation(ctx: ToolCallContext, reason: string | undefined): string {
  return (
    `Tool '${ctx.name}' needs your confirmation${reason ? ` (${reason})` : ''}, but this client (${ctx.client.name || 'unknown'}) ` +
    `does not support MCP elicitation, so the gateway cannot ask you and denied the call. To allow it: use a client with ` +
    `elicitation support, or remove the matching glob from the confirm plugin's "tools" option in gateway.json ` +
    `(for destructive tools, set "destructive": false). To hide it instead: \`gw deny ${ctx.server} '${ctx.tool}'\`.`
  );
}
