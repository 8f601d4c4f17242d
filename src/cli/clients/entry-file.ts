// Reads the servers map of a client's config file and writes one entry into it: backed up first (the first backup is
// kept), idempotent, atomic (temp file + rename), the file's mode and everything else in it kept.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { GatewayError, messageOf } from '../../errors.js';
import { connectsToGateway, launchesGateway } from '../gateway-chain.js';
import { usageError } from '../usage.js';
import { formatOf, type ConfigFormat } from './formats/index.js';
import { isRecord, type ClientDef } from './types.js';

export type WriteResult = 'created' | 'added' | 'updated' | 'unchanged';

// The client's map of servers in `file` (empty when the file or the map is missing).
export async function readServers(client: ClientDef, file: string): Promise<Record<string, unknown>> {
  const doc = formatOf(client.format).read(await readText(file), file);
  const map = getIn(doc, client.serversPath);
  if (map === undefined) return {};
  if (!isRecord(map))
    throw new GatewayError('CONFIG_INVALID', `${file}: "${client.serversPath.join('.')}" is not a map of servers`);
  return map;
}

export async function writeEntry(
  client: ClientDef,
  file: string,
  name: string,
  entry: Record<string, unknown>,
  force: boolean,
): Promise<WriteResult> {
  const exists = existsSync(file);
  const text = exists ? await readText(file) : '';
  const format = formatOf(client.format);
  let doc: unknown;
  try {
    doc = format.read(text, file);
  } catch (error) {
    throw new GatewayError('CONFIG_INVALID', `${messageOf(error)}; gw left it unchanged. Fix it, or use \`gw install --print\` and add the entry by hand.`, { cause: error });
  }
  if (!isRecord(doc)) throw new GatewayError('CONFIG_INVALID', `${file}: is not a ${client.format.toUpperCase()} object; gw left it unchanged.`);
  const at = [...client.serversPath, name];
  const old = getIn(doc, at);
  if (old !== undefined && sameValue(old, entry)) return 'unchanged';
  // Another server under the same name is the user's, not ours to overwrite.
  if (old !== undefined && !force && !(isRecord(old) && isGatewayEntry(client, old)))
    throw usageError(
      `${file} already has a server named ${JSON.stringify(name)} that is not fast-gateway; pick another name with --name, or pass --force to replace it`,
    );
  // What was written must read back as exactly the entry, or the file is left alone.
  const next = readsBack(format, text, file, at, entry);
  if (next === undefined)
    throw new GatewayError('CONFIG_INVALID', `${file}: gw could not write the entry so that it reads back unchanged; left the file as it was. Use --print and add it by hand.`);
  await mkdir(path.dirname(file), { recursive: true });
  const mode = exists ? (await stat(file)).mode & 0o777 : 0o644;
  // The first backup is kept: it holds the file as it was before gw ever touched it.
  if (exists && !existsSync(file + '.bak')) await copyFile(file, file + '.bak');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.gw-${process.pid}.tmp`);
  await writeFile(temp, next, { mode });
  await chmod(temp, mode);
  await rename(temp, file);
  return !exists ? 'created' : old !== undefined ? 'updated' : 'added';
}

// An entry gw wrote earlier may be replaced without --force: one that launches a gateway, or an HTTP entry whose
// header names the gateway's token variable or placeholder.
function isGatewayEntry(client: ClientDef, raw: Record<string, unknown>): boolean {
  const entry = client.fromEntry(raw);
  if ('unsupported' in entry) return false;
  return launchesGateway(entry) || connectsToGateway(entry);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new GatewayError('CONFIG_NOT_FOUND', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`, { cause: error });
  }
}

function readsBack(format: ConfigFormat, text: string, file: string, at: string[], entry: unknown): string | undefined {
  try {
    const next = format.set(text, at, entry);
    return sameValue(getIn(format.read(next, file), at), entry) ? next : undefined;
  } catch {
    return undefined;
  }
}

// Equal as data, whatever prototype or key order the parser gave the objects.
function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(plain(a), plain(b));
}

function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, plain(value[k])]));
  return value;
}

function getIn(doc: unknown, at: string[]): unknown {
  let node = doc;
  for (const key of at) node = isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return node;
}
