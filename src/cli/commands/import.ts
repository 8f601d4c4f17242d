// `gw import [FILE | --from CLIENT]`: copies an MCP client's server entries into gateway.json, reporting each one,
// warning about literal secrets and, with --env-refs, storing `${VAR}` references in their place.
import type { CAC } from 'cac';
import { connectsToGateway, launchesGateway } from '../gateway-chain.js';
import { validateConfig } from '../../config/parse.js';
import { SERVER_NAME_RE, ServerEntrySchema, type ServerEntry } from '../../config/schema.js';
import { messageOf } from '../../errors.js';
import { CLIENT_IDS } from '../clients/index.js';
import { editTarget, type GlobalOptions } from '../config-file.js';
import { findSecrets, toEnvRefs, type SecretSpot } from '../import-secrets.js';
import { readSources } from '../import-sources.js';
import { note, print, printJson } from '../output.js';

interface ImportOptions extends GlobalOptions {
  from?: string;
  force?: boolean;
  envRefs?: boolean;
}

interface Outcome {
  name: string;
  from: string;
  status: 'added' | 'replaced' | 'unchanged' | 'skipped' | 'invalid';
  renamedFrom?: string;
  stripped?: string[];
  reason?: string;
  // Literal secrets found in the entry (only where, never the value), and the variable chosen with --env-refs.
  secrets?: SecretSpot[];
}

const KNOWN_KEYS = new Set(Object.keys(ServerEntrySchema.shape));

export function registerImport(cli: CAC): void {
  cli
    .command('import [file]', `Copy servers from an MCP client config (a file, or --from CLIENT) into gateway.json`)
    .option('--from <client>', `Read the standard config files of a client: ${CLIENT_IDS.join(', ')}`)
    .option('--force', 'Replace servers that already exist in gateway.json')
    .option('--env-refs', 'Store literal secrets (secret-looking env values and headers) as ${VAR} references and print the exports to set')
    .option('--json', 'Print the outcome for each server as JSON')
    .action(async (file: string | undefined, options: ImportOptions) => {
      const sources = await readSources(file, options.from);
      const { store } = editTarget(options, { create: true });
      // Each outcome remembers which client (or file) it came from, for the export lines; --json leaves that out.
      const outcomes: (Outcome & { label?: string })[] = [];
      const taken = new Map<string, string>();
      await store.update((doc) => {
        const servers = (doc.mcpServers ??= {});
        for (const { label, path: from, entries } of sources) {
          for (const [original, mapped] of entries) {
            if ('unsupported' in mapped || 'invalid' in mapped) {
              const skipped = 'unsupported' in mapped;
              outcomes.push({ name: original, from, status: skipped ? 'skipped' : 'invalid', reason: String(skipped ? mapped.unsupported : mapped.invalid) });
              continue;
            }
            const refs = options.envRefs ? toEnvRefs(serverName(original) || original, mapped, taken) : undefined;
            const outcome = importOne(servers, original, refs?.entry ?? mapped, from, options.force === true);
            const secrets = refs?.spots ?? findSecrets(mapped);
            if (secrets.length > 0) outcome.secrets = secrets;
            outcomes.push({ ...outcome, label });
          }
        }
      });
      if (outcomes.some((o) => o.status === 'invalid')) process.exitCode = 1;
      if (!options.envRefs) reportSecrets(outcomes);
      if (options.json) return printJson(outcomes.map(({ label: _label, ...o }) => o));
      for (const o of outcomes) {
        const renamed = o.renamedFrom ? ` (renamed from ${JSON.stringify(o.renamedFrom)})` : '';
        print(`${o.status.padEnd(9)} ${o.name}${renamed}${o.reason ? `: ${o.reason}` : ''}`);
        if (o.stripped?.length) print(`          dropped keys gw does not use: ${o.stripped.join(', ')}`);
      }
      const count = outcomes.filter((o) => o.status === 'added' || o.status === 'replaced').length;
      print(`imported ${count} of ${outcomes.length} server${outcomes.length === 1 ? '' : 's'} into ${store.file}`);
      printExports(outcomes);
    });
}

// Warnings (stderr) for literal secrets that were copied into gateway.json; never the values themselves.
function reportSecrets(outcomes: Outcome[]): void {
  for (const o of outcomes) {
    if (o.status !== 'added' && o.status !== 'replaced') continue;
    for (const spot of o.secrets ?? [])
      note(
        spot.where === 'url'
          ? `gw: warning: ${o.name}: the url holds a password, now copied into gateway.json; move it into a header with a \${VAR} reference`
          : `gw: warning: ${o.name}: ${spot.where} holds a literal secret, now copied into gateway.json; import again with --env-refs --force to store a \${VAR} reference instead`,
      );
  }
}

// With --env-refs: the variables the user must set where the gateway runs, with placeholders, never the values.
function printExports(outcomes: (Outcome & { label?: string })[]): void {
  const lines = new Map<string, string>();
  for (const o of outcomes) {
    if (o.status === 'invalid' || o.status === 'skipped') continue;
    for (const spot of o.secrets ?? []) {
      if (spot.variable) lines.set(spot.variable, `export ${spot.variable}=<value of ${o.name} ${spot.where} from ${o.label ?? o.from}>`);
      else print(`warning: ${o.name}: the url holds a password, copied as it is; move it into a header with a \${VAR} reference`);
    }
  }
  if (lines.size === 0) return;
  print(`stored ${lines.size} secret${lines.size === 1 ? '' : 's'} as \${VAR} references; set ${lines.size === 1 ? 'it' : 'them'} where the gateway runs:`);
  for (const line of lines.values()) print(`  ${line}`);
}

function serverName(original: string): string {
  return SERVER_NAME_RE.test(original) ? original : original.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

function importOne(
  servers: Record<string, ServerEntry>,
  original: string,
  raw: Record<string, unknown>,
  from: string,
  force: boolean,
): Outcome {
  const name = serverName(original);
  const base: Outcome = { name, from, status: 'invalid', ...(name !== original && { renamedFrom: original }) };
  if (!name) return { ...base, name: original, reason: 'the name has no letters or digits; add it by hand with `gw add`' };
  const entry: Record<string, unknown> = {};
  const stripped: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!KNOWN_KEYS.has(key)) stripped.push(key);
    // Some clients accept numbers and booleans as env values; gateway.json takes strings.
    else if (key === 'env' && value && typeof value === 'object')
      entry.env = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
    else entry[key] = value;
  }
  const result = { ...base, ...(stripped.length > 0 && { stripped }) };
  if (connectsToGateway(entry))
    return {
      ...result,
      status: 'skipped',
      reason: 'this entry connects to fast-gateway over HTTP (as `gw install --http` writes it); a gateway inside its own config would call itself',
    };
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
    return { ...result, status: 'skipped', reason: 'a server with this name exists; pass --force to replace it' };
  servers[name] = entry as ServerEntry;
  return { ...result, status: exists ? 'replaced' : 'added' };
}
