// The redact plugin: removes secrets and personal data from every text field of a tool result, a resource read or a
// prompt before it reaches the client.
import { z } from 'zod';
import { GatewayError, messageOf } from '../../errors.js';
import type { Logger } from '../../log.js';
import { definePluginFactory } from '../../pipeline/types.js';
import { parsePluginOptions } from '../shared/options.js';
import { mapResultText, mapTextFields } from '../shared/text-fields.js';
import { BUILTIN_KINDS, BUILTIN_RULES, redactText, type RedactRule } from './redact/rules.js';

export { BUILTIN_KINDS } from './redact/rules.js';

const PatternSchema = z.union([
  z.string().min(1),
  z.strictObject({
    kind: z.string().min(1).optional(),
    pattern: z.string().min(1),
    flags: z.string().optional(),
  }),
]);

const RedactOptionsSchema = z.strictObject({
  // Extra regular expressions (strings, or { kind, pattern, flags }); matches are replaced like the built-in kinds.
  patterns: z.array(PatternSchema).default([]),
  // The text that replaces a match; `<kind>` becomes the kind (e.g. `email`).
  replacement: z.string().default('[REDACTED:<kind>]'),
  // Built-in kinds to leave alone, or `true` for all of them (only `patterns` then apply).
  disable: z.union([z.literal(true), z.array(z.enum(BUILTIN_KINDS as [string, ...string[]]))]).default([]),
});
export type RedactOptions = z.input<typeof RedactOptionsSchema>;

export default definePluginFactory((options: RedactOptions = {}) => {
  const parsed = parsePluginOptions('redact', RedactOptionsSchema, options);
  const disabled = parsed.disable === true ? new Set(BUILTIN_KINDS) : new Set(parsed.disable);
  const rules: RedactRule[] = [
    ...BUILTIN_RULES.filter((r) => !disabled.has(r.kind)),
    ...parsed.patterns.map((p, i) => toRule(p, i)),
  ];
  let log: Logger | undefined;

  // Runs `map` with the redacting function; the new value when something was redacted, else undefined (unchanged).
  const redacted = <T>(map: (fn: (text: string) => string) => T, what: string): T | undefined => {
    let total = 0;
    const result = map((text) => {
      const { text: out, count } = redactText(text, rules, parsed.replacement);
      total += count;
      return out;
    });
    if (total === 0) return undefined;
    log?.debug(`redacted ${total} match(es) in ${what}`);
    return result;
  };

  return {
    name: 'redact',
    setup(ctx) {
      log = ctx.log;
    },
    hooks: {
      postToolCall(ctx) {
        return redacted((fn) => mapResultText(ctx.result, fn), `the result of '${ctx.name}'`);
      },
      // Resource contents and prompt messages carry the same kind of text as tool results.
      postRead(ctx) {
        return redacted((fn) => mapTextFields(ctx.result, fn), `${ctx.kind} ${ctx.name}`);
      },
    },
  };
});

// A custom pattern as a rule; an invalid regular expression is an option error naming it.
function toRule(p: z.infer<typeof PatternSchema>, index: number): RedactRule {
  const { kind, pattern, flags } =
    typeof p === 'string'
      ? { kind: 'custom', pattern: p, flags: '' }
      : { kind: p.kind ?? 'custom', pattern: p.pattern, flags: p.flags ?? '' };
  try {
    return { kind, pattern: new RegExp(pattern, flags.includes('g') ? flags : flags + 'g') };
  } catch (error) {
    throw new GatewayError(
      'PLUGIN_FAILED',
      `plugin 'redact': invalid option 'patterns.${index}': ${messageOf(error)}`,
    );
  }
}
