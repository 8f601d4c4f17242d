// Whether the relay takes a tools/call or hands it on to the SDK Server (the regular, governed path): it takes only
// a well-formed call that nothing observes or rewrites, to a tool whose result goes back as the upstream wrote it.
import type { ToolEntry } from '../catalog/catalog.js';
import type { JsonId } from './splice.js';

export interface DecideContext {
  // A plugin observes calls or listings (preToolCall, postToolCall, middleware, preListTools…): the regular path runs them.
  observed(): boolean;
  // The tool under this exposed name in the session's view, or undefined when unknown (or still starting).
  lookup(name: string): ToolEntry | undefined;
  // True when the arguments fail the tool's schema: the regular path answers with the tool's signature.
  invalid(entry: ToolEntry, args: Record<string, unknown>): boolean;
  // True when this server's results need the ui:// / skill:// URI rewrite.
  scopedUris(server: string): boolean;
}

export type Decision =
  | { take: true; id: JsonId; entry: ToolEntry; args: Record<string, unknown>; progressToken?: JsonId }
  | { take: false; reason: string };

const handOn = (reason: string): Decision => ({ take: false, reason });

const isJsonId = (v: unknown): v is JsonId =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// The checks run cheapest first; the first that fails names why the call was handed on.
export function decideCall(message: Record<string, unknown>, ctx: DecideContext): Decision {
  const { id, params } = message;
  if (message.method !== 'tools/call' || !isJsonId(id)) return handOn('not a tools/call request');
  if (!isRecord(params) || typeof params.name !== 'string') return handOn('malformed params');
  if (ctx.observed()) return handOn('a plugin observes calls');
  const args = params.arguments ?? {};
  if (!isRecord(args)) return handOn('arguments are not an object');
  if (params.task !== undefined) return handOn('a task-augmented call');
  const meta = params._meta;
  if (meta !== undefined && !isRecord(meta)) return handOn('malformed _meta');
  const progressToken = meta?.progressToken;
  if (progressToken !== undefined && !isJsonId(progressToken)) return handOn('malformed progress token');
  const entry = ctx.lookup(params.name);
  if (!entry) return handOn('unknown tool');
  if (entry.local) return handOn('a gateway tool');
  if (entry.members) return handOn('a consolidated tool');
  if (entry.override?.rewritesArguments) return handOn('an override rewrites the arguments');
  if (entry.maxResultChars !== undefined) return handOn('a result size limit');
  if (ctx.invalid(entry, args)) return handOn('invalid arguments');
  if (ctx.scopedUris(entry.server)) return handOn('results name scoped URIs');
  return { take: true, id, entry, args, ...(progressToken !== undefined && { progressToken }) };
}
