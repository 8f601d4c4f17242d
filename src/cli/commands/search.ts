// `gw search`: what search_tools would return for a query; or, with --catalog and --queries, the offline evaluation entry point.
import { readFile } from 'node:fs/promises';
import type { CAC } from 'cac';
import { createPolicy } from '../../catalog/rules.js';
import { MAX_ALTERNATIVES } from '../../catalog/search/fuse.js';
import { runOfflineSearch, type OfflineQuery, type OfflineTool } from '../../catalog/search/offline.js';
import { toolSignature } from '../../catalog/signature.js';
import { GatewayError } from '../../errors.js';
import { oneLine } from '../../server/meta-tools.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { inspect } from '../inspect.js';
import { print, printJson, table } from '../output.js';
import { usageError } from '../usage.js';

interface SearchOptions extends GlobalOptions {
  group?: string;
  limit?: number | string;
  server?: string;
  catalog?: string;
  queries?: string;
  alt?: string | string[];
}

export function registerSearch(cli: CAC): void {
  cli
    .command('search [...query]', 'Show what search_tools would return for a query')
    .option('--group <name>', 'Search what this group exposes')
    .option('--server <name>', 'Only tools of this server')
    .option('--limit <k>', 'How many results (default 10, max 50)')
    .option('--alt <text>', 'Another phrasing of the query, fused with it as search_tools does with alternatives (repeatable, up to 3)')
    .option('--catalog <file>', 'Offline: rank a JSON array of { server, name, description, inputSchema } instead of live upstreams')
    .option(
      '--queries <file>',
      'Offline: one query per line, either plain text or a JSON object {"query": "...", "alternatives": ["...", "..."]}; prints one JSON line per query',
    )
    .option('--json', 'Print JSON')
    .example('gw search "open a pull request"')
    .example('gw search "ping the team that the build is green" --alt "post message to Slack channel"')
    .example('gw search --catalog catalog.json --queries queries.txt --limit 5')
    .action(async (words: string[], options: SearchOptions) => {
      const limit = parseLimit(options.limit, options.catalog !== undefined);
      if (options.catalog !== undefined || options.queries !== undefined) return offline(options, limit);
      const query = words.join(' ').trim();
      if (query === '') throw usageError('give a query, e.g. `gw search "create an issue"`');
      const alternatives = altList(options.alt);
      const { config } = await readConfig(options);
      if (options.group !== undefined) createPolicy(config, options.group);
      const run = await inspect(config, options.group !== undefined ? { group: options.group } : {});
      try {
        const hits = await run.visibility.search(query, limit, options.server, alternatives);
        const results = hits.map(({ entry, score }) => ({
          name: entry.name,
          server: entry.server,
          tool: entry.tool.name,
          score: Math.round(score * 1000) / 1000,
          signature: toolSignature(entry.name, entry.exposed.inputSchema),
          description: oneLine(entry.exposed.description ?? ''),
        }));
        if (options.json) printJson({ query, ...(alternatives.length > 0 && { alternatives }), results });
        else if (results.length === 0) print(`no tools match '${query}'`);
        else for (const line of table([['NAME', 'SCORE', 'DESCRIPTION'], ...results.map((r) => [r.name, r.score.toFixed(2), r.description])])) print(line);
      } finally {
        await run.close();
      }
    });
}

async function offline(options: SearchOptions, limit: number): Promise<void> {
  if (options.catalog === undefined || options.queries === undefined) throw usageError('offline search needs both --catalog FILE and --queries FILE');
  const catalog = await readJson(options.catalog);
  if (!Array.isArray(catalog)) throw new GatewayError('USAGE', `${options.catalog}: expected a JSON array of { server, name, description, inputSchema }`);
  const lines = (await readText(options.queries)).split(/\r?\n/);
  const queries = lines.flatMap((line, i) => (line.trim() === '' ? [] : [parseQueryLine(line, `${options.queries}:${i + 1}`)]));
  for (const line of runOfflineSearch(catalog as OfflineTool[], queries, limit)) print(JSON.stringify(line));
}

// `--alt` given once is a string, given several times an array.
function altList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const list = (Array.isArray(value) ? value : [value]).map(String);
  if (list.length > MAX_ALTERNATIVES) throw usageError(`--alt can be given at most ${MAX_ALTERNATIVES} times (got ${list.length})`);
  return list;
}

// A plain-text query, or a JSON object line `{"query": "...", "alternatives": [...]}`.
function parseQueryLine(line: string, where: string): string | OfflineQuery {
  const text = line.trim();
  if (!text.startsWith('{')) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GatewayError('USAGE', `${where}: a line starting with '{' must be a JSON object (${(error as Error).message})`);
  }
  const { query, alternatives } = (value ?? {}) as { query?: unknown; alternatives?: unknown };
  const alts = alternatives ?? [];
  if (typeof query !== 'string' || query.trim() === '' || !Array.isArray(alts) || !alts.every((a) => typeof a === 'string')) {
    throw new GatewayError('USAGE', `${where}: expected {"query": "non-empty text", "alternatives": ["text", ...]}`);
  }
  return { query, alternatives: alts };
}

function parseLimit(value: number | string | undefined, offline: boolean): number {
  if (value === undefined) return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || (!offline && n > 50)) throw usageError(`--limit must be a whole number from 1 to ${offline ? 'any' : 50} (got '${value}')`);
  return n;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new GatewayError('USAGE', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readText(file));
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError('USAGE', `${file}: not valid JSON (${(error as Error).message})`);
  }
}
