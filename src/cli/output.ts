// The only module that writes to stdout for people: command output and --json documents.
import { maskSecrets } from '../secrets.js';

export function print(line = ''): void {
  process.stdout.write(line + '\n'); // stdout-ok
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n'); // stdout-ok
}

// Notes about what happened (which config file was used, warnings) go to stderr so --json stays parseable.
// An error may quote what an upstream printed: secrets the command expanded are masked.
export function note(line: string): void {
  process.stderr.write(maskSecrets(line) + '\n');
}

// Left-aligned columns for human tables.
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

// "1 tool", "3 tools".
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
