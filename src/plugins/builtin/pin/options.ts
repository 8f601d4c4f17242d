// The pin plugin's options (shared with `gw pin`, which finds the lock file through them).
import { z } from 'zod';
import { parsePluginOptions } from '../../shared/options.js';

export const PinOptionsSchema = z.strictObject({
  // The lock file; relative paths resolve against the config file's directory. Default: gateway.lock.json beside it.
  file: z.string().min(1).optional(),
  // block: a changed (or unapproved) tool is marked in listings and its calls are denied; report: only logged.
  mode: z.enum(['block', 'report']).default('block'),
  // Pin a tool the first time it is seen; false: new tools are blocked until `gw pin --approve`.
  trustOnFirstUse: z.boolean().default(true),
  // Pinned tools (their definition matches the lock) that clients keep loaded (`_meta["anthropic/alwaysLoad"]`) when
  // they defer the rest behind their own search: true for every pinned tool, or globs naming some of them.
  alwaysLoad: z.union([z.boolean(), z.array(z.string().min(1))]).default(false),
});
export type PinOptions = z.input<typeof PinOptionsSchema>;

export function parsePinOptions(options: unknown): z.infer<typeof PinOptionsSchema> {
  return parsePluginOptions('pin', PinOptionsSchema, options);
}
