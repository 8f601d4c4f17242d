// `gw log`: reads the audit plugin's JSON-lines log (filtered by server and time), and with --tail follows new calls.
import { existsSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import type { CAC } from 'cac';
import { auditFilePath, parseAuditOptions, type AuditEntry } from '../../plugins/builtin/audit/options.js';
import { builtinPluginName } from '../../plugins/load.js';
import { parseDuration } from '../../plugins/shared/duration.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { note, print, printJson, table } from '../output.js';
import { usageError } from '../usage.js';

const POLL_MS = 200;

interface LogOptions extends GlobalOptions {
  tail?: boolean;
  server?: string;
  since?: string;
  limit?: string | number;
}

export function registerLog(cli: CAC): void {
  cli
    .command('log', 'Show the audit log of tool calls (written by the audit plugin)')
    .option('--server <name>', 'Only calls to this server')
    .option('--since <time>', 'Only calls since an ISO time or a duration ago (10m, 2h, 1d)')
    .option('--limit <n>', 'Only the last n calls (default 100)')
    .option('--tail', 'Keep following new calls until interrupted')
    .option('--json', 'Print JSON (with --tail: one JSON object per line)')
    .example('gw log --server github --since 1h')
    .example('gw log --tail')
    .action(async (options: LogOptions) => {
      const limit = parseLimit(options.limit);
      const since = options.since === undefined ? undefined : parseSince(options.since);
      const { config } = await readConfig(options);
      const entry = config.plugins.find((p) => builtinPluginName(p.module) === 'audit');
      const file = auditFilePath(parseAuditOptions(entry?.options), config.dir, config.settings.stateDir);
      if (!entry)
        note(`gw: the audit plugin is not enabled in ${config.path ?? 'this config'}; reading ${file}`);
      const keep = (e: AuditEntry) =>
        (options.server === undefined || e.server === options.server) &&
        (since === undefined || Date.parse(e.time) >= since);

      const text = existsSync(file) ? await readFile(file, 'utf8') : '';
      if (!existsSync(file) && !options.tail) note(`gw: no audit log at ${file} yet`);
      const entries = parseLines(text).filter(keep).slice(-limit);
      if (options.tail) {
        for (const e of entries) show(e, options.json === true);
        await follow(file, Buffer.byteLength(text), (e) => keep(e) && show(e, options.json === true));
      } else if (options.json) {
        printJson(entries);
      } else if (entries.length === 0) {
        print(
          'no calls recorded' + (options.server !== undefined || since !== undefined ? ' that match' : ''),
        );
      } else {
        for (const line of table([HEADER, ...entries.map(row)])) print(line);
      }
    });
}

const HEADER = ['TIME', 'NAME', 'DECISION', 'MS', 'RESULT', 'REASON'];

function row(e: AuditEntry): string[] {
  return [
    e.time,
    e.name,
    e.decision,
    String(e.durationMs),
    e.isError ? 'error' : 'ok',
    oneLine(e.reason ?? ''),
  ];
}

function show(e: AuditEntry, json: boolean): void {
  print(json ? JSON.stringify(e) : row(e).join('  ').trimEnd());
}

// Polls the file for appended bytes; only whole lines are shown. Runs until the process is interrupted.
async function follow(file: string, start: number, onEntry: (e: AuditEntry) => void): Promise<never> {
  let offset = start;
  let partial = '';
  const stop = () => process.exit(0);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (;;) {
    const size = existsSync(file) ? (await stat(file)).size : 0;
    if (size < offset) offset = 0; // truncated or replaced: start over
    if (size > offset) {
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        await handle.read(buffer, 0, buffer.length, offset);
        offset = size;
        const lines = (partial + buffer.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const e of parseLines(lines.join('\n'))) onEntry(e);
      } finally {
        await handle.close();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// Lines that are not audit entries (a torn last line, hand edits) are skipped.
function parseLines(text: string): AuditEntry[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const e = JSON.parse(line) as AuditEntry;
      return typeof e.time === 'string' && typeof e.name === 'string' ? [e] : [];
    } catch {
      return [];
    }
  });
}

function parseSince(value: string): number {
  const ago = parseDuration(value);
  if (ago !== undefined && !/^\d{4}-/.test(value)) return Date.now() - ago;
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw usageError(`--since ${value}: give an ISO time (2025-01-31T12:00:00Z) or a duration (10m, 2h, 1d)`);
  return time;
}

function parseLimit(value: string | number | undefined): number {
  if (value === undefined) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`--limit ${String(value)}: give a positive whole number`);
  return n;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? flat.slice(0, 97) + '...' : flat;
}
