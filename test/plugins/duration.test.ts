import { describe, expect, it } from 'vitest';
import { DurationSchema, formatDuration, parseDuration } from '../../src/plugins/shared/duration.js';

describe('durations', () => {
  it('reads the units people write and plain milliseconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1.5 m')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration(42)).toBe(42);
  });

  it('refuses what is not a positive duration', () => {
    for (const bad of ['', 'soon', '5 weeks', '-1s', '0s', '0']) expect(parseDuration(bad)).toBeUndefined();
    expect(parseDuration(-5)).toBeUndefined();
    const parsed = DurationSchema.safeParse('soon');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/"soon" is not a duration/);
  });

  it('formats a window in its largest whole unit', () => {
    expect(formatDuration(60_000)).toBe('1m');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});
