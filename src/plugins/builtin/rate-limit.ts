// The rate-limit plugin: at most N calls per window per tool, server, session or overall, denied with a clear retry time.
import { z } from 'zod';
import { definePluginFactory, type ToolCallContext } from '../../pipeline/types.js';
import { DurationSchema, formatDuration } from '../shared/duration.js';
import { nameMatcher, type NameMatcher } from '../shared/globs.js';
import { parsePluginOptions } from '../shared/options.js';

const LimitSchema = z.strictObject({
  // What one counter covers: each tool, each server, each client session, or every call together.
  scope: z.enum(['tool', 'server', 'session', 'global']),
  // Only calls matching this glob count (server names for scope 'server', tool names otherwise).
  match: z.string().min(1).optional(),
  max: z.number().int().positive(),
  window: DurationSchema,
});

const RateLimitOptionsSchema = z.strictObject({
  limits: z
    .array(LimitSchema)
    .min(1, 'give at least one limit, e.g. { "scope": "tool", "max": 10, "window": "1m" }'),
});
export type RateLimitOptions = z.input<typeof RateLimitOptionsSchema>;

interface Limit {
  scope: 'tool' | 'server' | 'session' | 'global';
  matches: NameMatcher;
  max: number;
  window: number;
}

export default definePluginFactory((options: RateLimitOptions) => {
  const parsed = parsePluginOptions('rate-limit', RateLimitOptionsSchema, options);
  const limits: Limit[] = parsed.limits.map((l) => ({
    scope: l.scope,
    matches: l.match ? nameMatcher([l.match]) : () => true,
    max: l.max,
    window: l.window,
  }));
  // Sliding windows: the start times of the calls still inside each counter's window.
  const counters = new Map<string, number[]>();

  return {
    name: 'rate-limit',
    hooks: {
      preToolCall(ctx) {
        const now = Date.now();
        const hits: number[][] = [];
        for (const [i, limit] of limits.entries()) {
          if (!applies(limit, ctx)) continue;
          const key = `${i}:${subject(limit, ctx)}`;
          const times = (counters.get(key) ?? []).filter((t) => t > now - limit.window);
          counters.set(key, times);
          if (times.length >= limit.max) {
            const retry = Math.max(1, Math.ceil(((times[0] ?? now) + limit.window - now) / 1000));
            return {
              decision: 'deny',
              reason: `rate limit: at most ${limit.max} calls per ${formatDuration(limit.window)} for ${label(limit, ctx)}; retry in ${retry} s`,
            };
          }
          hits.push(times);
        }
        // Only a call every limit lets through counts against them.
        for (const times of hits) times.push(now);
        return undefined;
      },
    },
  };
});

function applies(limit: Limit, ctx: ToolCallContext): boolean {
  return limit.scope === 'server' ? limit.matches(ctx.server) : limit.matches(ctx.tool, ctx.name);
}

function subject(limit: Limit, ctx: ToolCallContext): string {
  switch (limit.scope) {
    case 'tool':
      return ctx.name;
    case 'server':
      return ctx.server;
    case 'session':
      return ctx.session.id;
    case 'global':
      return '*';
  }
}

function label(limit: Limit, ctx: ToolCallContext): string {
  switch (limit.scope) {
    case 'tool':
      return `tool ${ctx.name}`;
    case 'server':
      return `server ${ctx.server}`;
    case 'session':
      return 'this session';
    case 'global':
      return 'all tools';
  }
}
