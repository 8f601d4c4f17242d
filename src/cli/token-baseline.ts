// The token baseline (gateway.tokens.json beside gateway.json): what each server's tools cost when it was saved, so
// `gw tokens --check` and `gw doctor` can name the servers that grew since.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomic } from '../config/file-io.js';
import { GatewayError, messageOf } from '../errors.js';

export const BASELINE_FILE = 'gateway.tokens.json';

const ScopeSchema = z.object({ mode: z.string(), total: z.number(), servers: z.record(z.string(), z.number()) });
const BaselineSchema = z.object({
  version: z.literal(1),
  tokenizer: z.string(),
  savedAt: z.string(),
  // Keyed by group name; "" is the gateway's own listing.
  scopes: z.record(z.string(), ScopeSchema),
});
export type Baseline = z.infer<typeof BaselineSchema>;
export type BaselineScope = z.infer<typeof ScopeSchema>;

// A server whose tools cost more than when the baseline was saved (`before` 0: it was not listed then).
export interface Growth {
  server: string;
  before: number;
  after: number;
}

// Beside the config file, so it can be committed with it and checked in CI.
export function baselinePath(configPath: string): string {
  return path.join(path.dirname(configPath), BASELINE_FILE);
}

export const scopeKey = (group: string | null | undefined): string => group ?? '';

// The saved baseline, undefined when there is none; a damaged file is an error naming it and the fix.
export async function loadBaseline(file: string): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GatewayError('CONFIG_INVALID', `cannot read the token baseline ${file}: ${messageOf(error)}`);
  }
  try {
    return BaselineSchema.parse(JSON.parse(text));
  } catch {
    throw new GatewayError('CONFIG_INVALID', `${file} is not a token baseline gw wrote; delete it or run \`gw tokens --save-baseline\` again`);
  }
}

export async function saveBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeAtomic(file, JSON.stringify(baseline, null, 2) + '\n', 0o644);
}

// The servers that cost more now than in the baseline, largest growth first.
export function growthSince(before: BaselineScope, now: ReadonlyArray<{ server: string; tokens: number }>): Growth[] {
  const grown: Growth[] = [];
  for (const { server, tokens } of now) {
    const was = Object.hasOwn(before.servers, server) ? (before.servers[server] ?? 0) : 0;
    if (tokens > was) grown.push({ server, before: was, after: tokens });
  }
  return grown.sort((a, b) => b.after - b.before - (a.after - a.before) || a.server.localeCompare(b.server));
}

// "github +1,200 (3,000 → 4,200), linear new (800)"
export function describeGrowth(grown: readonly Growth[]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return grown
    .map((g) => (g.before === 0 ? `${g.server} new (${n(g.after)})` : `${g.server} +${n(g.after - g.before)} (${n(g.before)} → ${n(g.after)})`))
    .join(', ');
}
