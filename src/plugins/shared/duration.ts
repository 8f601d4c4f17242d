// Durations as people write them in options and on the command line: 500ms, 30s, 10m, 2h, 1d, or plain milliseconds.
import { z } from 'zod';

const UNITS: ReadonlyMap<string, number> = new Map([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);
const DURATION_RE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

// Milliseconds, or undefined when the text is not a duration.
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  const match = DURATION_RE.exec(value.trim());
  if (!match) return /^\d+$/.test(value.trim()) ? Number(value) || undefined : undefined;
  const ms = Number(match[1]) * (UNITS.get(match[2] ?? 'ms') ?? 1);
  return ms > 0 ? ms : undefined;
}

// A zod schema for a duration option, normalised to milliseconds.
export const DurationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a duration (use e.g. 500ms, 30s, 1m, 2h, 1d or milliseconds)`,
    });
    return z.NEVER;
  }
  return ms;
});

// "1m" for 60000, "90 s" for 90000: how a window reads in messages.
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
