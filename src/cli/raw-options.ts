// cac parses with mri, which turns option values that look like numbers into numbers: `--token 000123` would arrive
// as 123, `--group 0x10` as 16, `--servers 1e3` as 1000. Every option value of gw is text (numeric ones are checked
// where they are used), so such values are read back from the command line exactly as written.
// Kept by hand on purpose: cac 7 offers no way to do this. Its getMriOptions() passes mri only `alias` and `boolean`
// (never mri's `string` list), and an option `type: [String]` transform runs after mri, on the number (000123 → "123").
import type { CAC, Command } from 'cac';

interface ParsedArgv {
  args: unknown[];
  options: Record<string, unknown>;
}

type MriMethod = (argv: string[], command?: Command) => ParsedArgv;

export function keepOptionValuesAsText(cli: CAC): void {
  const holder = cli as unknown as { mri: MriMethod };
  const parse = holder.mri.bind(cli);
  holder.mri = (argv, command) => {
    const parsed = parse(argv, command);
    const end = argv.indexOf('--');
    const words = end === -1 ? argv : argv.slice(0, end);
    for (const option of [...cli.globalCommand.options, ...(command?.options ?? [])]) {
      if (option.isBoolean) continue;
      // cac keeps option names camelCased (logLevel for --log-level), as are the parsed keys.
      const key = option.name;
      const value = parsed.options[key];
      const numeric = Array.isArray(value) ? value.some((v) => typeof v === 'number') : typeof value === 'number';
      if (!numeric) continue;
      const raw = rawValues(words, option.names);
      if (raw.length > 0) parsed.options[key] = Array.isArray(value) ? raw : raw[raw.length - 1];
    }
    return parsed;
  };
}

// The values given to an option on the command line, in order: `--name value`, `--name=value`, `-n value`.
function rawValues(words: string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    for (const name of names) {
      const flag = name.length === 1 ? `-${name}` : `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      if (word === flag) {
        const next = words[i + 1];
        if (next !== undefined && !next.startsWith('-')) out.push(next);
      } else if (word.startsWith(`${flag}=`)) out.push(word.slice(flag.length + 1));
    }
  }
  return out;
}
