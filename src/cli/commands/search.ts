// `gw search`: what search_tools would return for a query; or, with --catalog and --queries, the offline evaluation entry point.
import { readFile } from 'node:fs/promises';
import type { CAC } from 'cac';
import { createPolicy } from '../../catalog/rules.js';
import { runOfflineSearch, type OfflineTool } from '../../catalog/search/offline.js';
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
}

export function registerSearch(cli: CAC): void {
  cli
    .command('search [...query]', 'Show what search_tools would return for a query')
    .option('--group <name>', 'Search what this group exposes')
    .option('--server <name>', 'Only tools of this server')
    .option('--limit <k>', 'How many results (default 10, max 50)')
    .option('--catalog <file>', 'Offline: rank a JSON array of { server, name, description, inputSchema } instead of live upstreams')
    .option('--queries <file>', 'Offline: one query per line; prints one JSON line per query')
    .option('--json', 'Print JSON')
    .example('gw search "open a pull request"')
    .example('gw search --catalog catalog.json --queries queries.txt --limit 5')
    .action(async (words: string[], options: SearchOptions) => {
      const limit = parseLimit(options.limit, options.catalog !== undefined);
      if (options.catalog !== undefined || options.queries !== undefined) return offline(options, limit);
      const query = words.join(' ').trim();
      if (query === '') throw usageError('give a query, e.g. `gw search "create an issue"`');
      const { config } = await readConfig(options);
      if (options.group !== undefined) createPolicy(config, options.group);
      const run = await inspect(config, options.group !== undefined ? { group: options.group } : {});
      try {
        const hits = await run.visibility.search(query, limit, options.server);
        const results = hits.map(({ entry, score }) => ({
          name: entry.name,
          server: entry.server,
          tool: entry.tool.name,
          score: Math.round(score * 1000) / 1000,
          description: oneLine(entry.exposed.description ?? ''),
        }));
        if (options.json) printJson({ query, results });
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
  const queries = (await readText(options.queries)).split(/\r?\n/).filter((q) => q.trim() !== '');
  for (const line of runOfflineSearch(catalog as OfflineTool[], queries, limit)) print(JSON.stringify(line));
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
