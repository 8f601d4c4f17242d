// What `gw import` reads: a FILE in the mcpServers shape, or every existing config file of a client, each entry
// already mapped into gateway.json's shape by that client's own module.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError, messageOf } from '../errors.js';
import { CLIENT_IDS, currentEnv, getClient } from './clients/index.js';
import { readServers } from './clients/entry-file.js';
import { formatOf } from './clients/formats/index.js';
import { isRecord } from './clients/types.js';
import { note } from './output.js';
import { usageError } from './usage.js';

export type SourceEntry = Record<string, unknown> | { unsupported: string } | { invalid: string };

export interface Source {
  // The client's name, or the file given.
  label: string;
  path: string;
  entries: [string, SourceEntry][];
}

export async function readSources(file: string | undefined, from: string | undefined): Promise<Source[]> {
  if (file !== undefined && from !== undefined) throw usageError('give either FILE or --from CLIENT, not both');
  if (file === undefined && from === undefined)
    throw usageError(`say what to import: \`gw import FILE\` or \`gw import --from CLIENT\` (${CLIENT_IDS.join(', ')})`);
  if (file !== undefined) {
    const full = path.resolve(file);
    const map = serversIn(formatOf('json').read(await readText(full), full), full);
    note(`gw: reading ${Object.keys(map).length} server(s) from ${full}`);
    return [{ label: full, path: full, entries: Object.entries(map).map(([name, raw]) => [name, isRecord(raw) ? raw : { invalid: 'the entry is not an object' }]) }];
  }
  const client = getClient(String(from));
  if (!client) throw usageError(`--from must be one of ${CLIENT_IDS.join(', ')} (got ${JSON.stringify(from)})`);
  const looked = client.files(currentEnv());
  const found = looked.filter((candidate) => existsSync(candidate));
  if (found.length === 0)
    throw new GatewayError(
      'CONFIG_NOT_FOUND',
      `no ${client.id} config found; looked in:\n  ${looked.join('\n  ')}\nPass the file instead: \`gw import FILE\`.`,
    );
  const sources: Source[] = [];
  for (const candidate of found) {
    const map = await readServers(client, candidate);
    note(`gw: reading ${Object.keys(map).length} server(s) from ${candidate}`);
    const entries: [string, SourceEntry][] = Object.entries(map).map(([name, raw]) => [
      name,
      isRecord(raw) ? client.fromEntry(raw) : { invalid: 'the entry is not an object' },
    ]);
    sources.push({ label: client.id, path: candidate, entries });
  }
  return sources;
}

// Finds the server map whatever the file calls it: mcpServers, VS Code's servers, or settings.json's mcp.servers.
function serversIn(doc: unknown, file: string): Record<string, unknown> {
  const obj = isRecord(doc) ? doc : {};
  const nested = isRecord(obj.mcp) ? obj.mcp : undefined;
  const map = obj.mcpServers ?? obj.servers ?? nested?.servers;
  if (!isRecord(map))
    throw new GatewayError('CONFIG_INVALID', `${file}: has no "mcpServers" (or VS Code "servers") object to import from.`);
  return map;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new GatewayError('CONFIG_NOT_FOUND', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`, {
      cause: error,
    });
  }
}
