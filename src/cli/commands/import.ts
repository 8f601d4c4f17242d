// `gw import [FILE | --from CLIENT]`: copies an MCP client's server entries into gateway.json, reporting each one.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CAC } from 'cac';
import { launchesGateway } from '../gateway-chain.js';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { lineCol, validateConfig } from '../../config/parse.js';
import { SERVER_NAME_RE, ServerEntrySchema, type ServerEntry } from '../../config/schema.js';
import { GatewayError, messageOf } from '../../errors.js';
import { CLIENTS, clientFiles, isClient, type ClientConfigFile } from '../clients.js';
import { editTarget, type GlobalOptions } from '../config-file.js';
import { note, print, printJson } from '../output.js';
import { usageError } from '../usage.js';

interface ImportOptions extends GlobalOptions {
  from?: string;
  force?: boolean;
}

interface Outcome {
  name: string;
  from: string;
  status: 'added' | 'replaced' | 'unchanged' | 'skipped' | 'invalid';
  renamedFrom?: string;
  stripped?: string[];
  reason?: string;
}

const KNOWN_KEYS = new Set(Object.keys(ServerEntrySchema.shape));

export function registerImport(cli: CAC): void {
  cli
    .command(
      'import [file]',
      `Copy servers from an MCP client config (a file, or --from ${CLIENTS.join('|')}) into gateway.json`,
    )
    .option('--from <client>', `Read the standard config of ${CLIENTS.join(', ')}`)
    .option('--force', 'Replace servers that already exist in gateway.json')
    .option('--json', 'Print the outcome for each server as JSON')
    .action(async (file: string | undefined, options: ImportOptions) => {
      const sources = await readSources(file, options.from);
      const { store } = editTarget(options, { create: true });
      const outcomes: Outcome[] = [];
      await store.update((doc) => {
        const servers = (doc.mcpServers ??= {});
        for (const { path: from, entries } of sources) {
          for (const [original, raw] of Object.entries(entries)) {
            const outcome = importOne(servers, original, raw, from, options.force === true);
            outcomes.push(outcome);
          }
        }
      });
      if (outcomes.some((o) => o.status === 'invalid')) process.exitCode = 1;
      if (options.json) return printJson(outcomes);
      for (const o of outcomes) {
        const renamed = o.renamedFrom ? ` (renamed from ${JSON.stringify(o.renamedFrom)})` : '';
        print(`${o.status.padEnd(9)} ${o.name}${renamed}${o.reason ? `: ${o.reason}` : ''}`);
        if (o.stripped?.length) print(`          dropped keys gw does not use: ${o.stripped.join(', ')}`);
      }
      const count = outcomes.filter((o) => o.status === 'added' || o.status === 'replaced').length;
      print(
        `imported ${count} of ${outcomes.length} server${outcomes.length === 1 ? '' : 's'} into ${store.file}`,
      );
    });
}

function importOne(
  servers: Record<string, ServerEntry>,
  original: string,
  raw: unknown,
  from: string,
  force: boolean,
): Outcome {
  const name = SERVER_NAME_RE.test(original)
    ? original
    : original.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const base: Outcome = {
    name,
    from,
    status: 'invalid',
    ...(name !== original && { renamedFrom: original }),
  };
  if (!name)
    return {
      ...base,
      name: original,
      reason: 'the name has no letters or digits; add it by hand with `gw add`',
    };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ...base, reason: 'the entry is not an object' };
  const entry: Record<string, unknown> = {};
  const stripped: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_KEYS.has(key)) stripped.push(key);
    // Some clients accept numbers and booleans as env values; gateway.json takes strings.
    else if (key === 'env' && value && typeof value === 'object')
      entry.env = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]),
      );
    else entry[key] = value;
  }
  const result = { ...base, ...(stripped.length > 0 && { stripped }) };
  if (launchesGateway(entry))
    return {
      ...result,
      status: 'skipped',
      reason: 'this entry runs fast-gateway itself (as `gw install` writes it); a gateway inside its own config would start itself',
    };
  try {
    validateConfig({ mcpServers: { [name]: entry } }, { file: from });
  } catch (error) {
    return { ...result, reason: messageOf(error).replace(/^.*?: mcpServers\./, '') };
  }
  const exists = Object.hasOwn(servers, name);
  if (exists && JSON.stringify(servers[name]) === JSON.stringify(entry))
    return { ...result, status: 'unchanged', reason: 'already in gateway.json' };
  if (exists && !force)
    return {
      ...result,
      status: 'skipped',
      reason: 'a server with this name exists; pass --force to replace it',
    };
  servers[name] = entry as ServerEntry;
  return { ...result, status: exists ? 'replaced' : 'added' };
}

// The server maps to import: from FILE, or from every existing config file of the client.
async function readSources(
  file: string | undefined,
  from: string | undefined,
): Promise<{ path: string; entries: Record<string, unknown> }[]> {
  if (file !== undefined && from !== undefined)
    throw usageError('give either FILE or --from CLIENT, not both');
  if (file === undefined && from === undefined)
    throw usageError(`say what to import: \`gw import FILE\` or \`gw import --from ${CLIENTS.join('|')}\``);
  let candidates: ClientConfigFile[];
  if (file !== undefined) candidates = [{ path: path.resolve(file), key: 'mcpServers', scope: 'user' }];
  else if (!isClient(String(from)))
    throw usageError(`--from must be one of ${CLIENTS.join(', ')} (got ${JSON.stringify(from)})`);
  else candidates = clientFiles(String(from) as (typeof CLIENTS)[number]).filter((c) => existsSync(c.path));
  if (candidates.length === 0) {
    const looked = clientFiles(String(from) as (typeof CLIENTS)[number]).map((c) => c.path);
    throw new GatewayError(
      'CONFIG_NOT_FOUND',
      `no ${from} config found; looked in:\n  ${looked.join('\n  ')}\nPass the file instead: \`gw import FILE\`.`,
    );
  }
  const sources = [];
  for (const candidate of candidates) {
    const entries = serversIn(await readJsonc(candidate.path), candidate.path);
    note(`gw: reading ${Object.keys(entries).length} server(s) from ${candidate.path}`);
    sources.push({ path: candidate.path, entries });
  }
  return sources;
}

// Finds the server map whatever the client calls it: mcpServers, VS Code's servers, or settings.json's mcp.servers.
function serversIn(doc: unknown, file: string): Record<string, unknown> {
  const obj = (doc ?? {}) as Record<string, unknown>;
  const nested = obj.mcp as Record<string, unknown> | undefined;
  const map = obj.mcpServers ?? obj.servers ?? nested?.servers;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file}: has no "mcpServers" (or VS Code "servers") object to import from.`,
    );
  }
  return map as Record<string, unknown>;
}

// Client configs are often JSONC (VS Code); comments and trailing commas are fine here.
async function readJsonc(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new GatewayError(
      'CONFIG_NOT_FOUND',
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`,
      { cause: error },
    );
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first) {
    const { line, col } = lineCol(text, first.offset);
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file}: invalid JSON (${printParseErrorCode(first.error)}) at line ${line}:${col}`,
    );
  }
  return value;
}
