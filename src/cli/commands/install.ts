// `gw install CLIENT`: writes the one gateway entry into an MCP client's config (JSON, TOML or YAML), backed up,
// idempotent, everything else in the file kept; `--http URL` writes the client's remote entry instead.
import path from 'node:path';
import type { CAC } from 'cac';
import { locateConfig } from '../../config/locate.js';
import { getGroup } from '../../config/edit.js';
import { openStore } from '../../config/store.js';
import { GW_MAIN, PACKAGE_NAME } from '../../version.js';
import { CLIENT_IDS, currentEnv, getClient } from '../clients/index.js';
import { writeEntry } from '../clients/entry-file.js';
import { formatOf } from '../clients/formats/index.js';
import { GW_TOKEN_ENV, type GatewayLaunch } from '../clients/types.js';
import type { GlobalOptions } from '../config-file.js';
import { note, print } from '../output.js';
import { usageError } from '../usage.js';

interface InstallOptions extends GlobalOptions {
  group?: string;
  name?: string;
  print?: boolean;
  npx?: boolean;
  force?: boolean;
  http?: string;
  token?: string;
}

export function registerInstall(cli: CAC): void {
  cli
    .command('install <client>', `Add the gateway to an MCP client's config (${CLIENT_IDS.join(', ')})`)
    .usage(`install <client>   (client: ${CLIENT_IDS.join(', ')})`)
    .option('--group <group>', 'Serve only this group (with --http: the /mcp/g/GROUP route)')
    .option('--name <name>', 'Entry name in the client config', { default: 'gw' })
    .option('--print', 'Print the entry instead of writing it')
    .option('--force', 'Replace an entry of that name that is not fast-gateway')
    .option('--npx', `Launch through \`npx -y ${PACKAGE_NAME}\` instead of this installation (absolute node + gw paths)`)
    .option('--http <url>', `Connect to a running \`gw serve --http\` at URL; the token comes from $${GW_TOKEN_ENV} where the client can read the environment, else a placeholder to fill in`)
    .option('--token <token>', 'With --http: write this token into the entry literally (only when you pass it)')
    .example('gw install gemini --group dev')
    .example('gw install codex --http http://127.0.0.1:7400/mcp')
    .action(async (id: string, options: InstallOptions) => {
      const client = getClient(id);
      if (!client) throw usageError(`unknown client ${JSON.stringify(id)}; use one of: ${CLIENT_IDS.join(', ')}`);
      const name = String(options.name ?? 'gw');
      if (name.trim() === '') throw usageError('--name must not be empty');
      const group = options.group === undefined ? undefined : String(options.group);
      const launch = await gatewayLaunch(options, group);
      const { entry, notes = [] } = client.toEntry(launch, name);
      const target = client.files(currentEnv())[0] as string;
      const at = [...client.serversPath, name];
      const snippet = formatOf(client.format).set('', at, entry).trimEnd();
      if (options.print) {
        note(`gw: this entry belongs in ${target}`);
        for (const line of notes) note(`gw: ${line}`);
        return print(snippet);
      }
      const result = await writeEntry(client, target, name, entry, options.force === true);
      if (result === 'unchanged') print(`already installed: ${target} has this entry as ${JSON.stringify(name)}; nothing changed`);
      else print(`${result} ${JSON.stringify(name)} in ${target}${result !== 'created' ? ` (backup: ${target}.bak)` : ''}`);
      print(snippet);
      for (const line of notes) print(`note: ${line}`);
      if (result !== 'unchanged') print(`restart ${client.title} to pick it up`);
    });
}

// What the entry launches: a running HTTP gateway (--http), or this gateway over stdio with its config and group.
async function gatewayLaunch(options: InstallOptions, group: string | undefined): Promise<GatewayLaunch> {
  if (options.token !== undefined && options.http === undefined) throw usageError('--token goes with --http URL');
  if (options.http !== undefined) {
    if (options.npx) throw usageError('--npx and --http do not go together: --http connects to a gateway that is already running');
    return { kind: 'http', url: httpUrl(String(options.http), group), tokenEnv: GW_TOKEN_ENV, ...(options.token !== undefined && { token: String(options.token) }) };
  }
  const located = locateConfig(options.config);
  if (located.source !== '--config') note(`gw: the entry will use ${located.path} (${located.source})`);
  if (!located.exists) note(`gw: ${located.path} does not exist yet; create it with \`gw add\` before starting the client`);
  if (group !== undefined && located.exists) {
    const doc = await openStore(located.path).read();
    if (doc) getGroup(doc, group, located.path);
  }
  return gatewayCommand(located.path, group, options.npx === true);
}

// By default the entry runs this installation directly (absolute node + dist/cli/main.js): GUI clients often lack
// the shell's PATH (so `npx` is not found), and npx re-resolves the package on every launch. From an npx cache, or
// with --npx, it uses `npx -y <package>` instead, which survives node upgrades and moves.
export function gatewayCommand(configPath: string, group: string | undefined, npx: boolean): GatewayLaunch {
  const viaNpx = npx || /[\\/]_npx[\\/]/.test(GW_MAIN);
  const launch = viaNpx ? { command: 'npx', args: ['-y', PACKAGE_NAME] } : { command: process.execPath, args: [GW_MAIN] };
  const args = [...launch.args, 'serve', '--config', path.resolve(configPath), ...(group !== undefined ? ['--group', group] : [])];
  return { kind: 'stdio', command: launch.command, args };
}

// The gateway's MCP URL: `/mcp` added to a bare address, `/g/GROUP` after it for --group.
function httpUrl(text: string, group: string | undefined): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--http needs a URL such as http://127.0.0.1:7400/mcp (got ${JSON.stringify(text)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`--http needs an http:// or https:// URL (got ${JSON.stringify(text)})`);
  if (url.username || url.password) throw usageError('--http: put no credentials in the URL; the token goes in a header (see --token)');
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/mcp';
  if (group !== undefined) {
    if (!/\/mcp\/?$/.test(url.pathname)) throw usageError(`--group with --http needs the gateway's /mcp URL (got ${url.pathname}); or put the group route in the URL yourself`);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/g/${encodeURIComponent(group)}`;
  }
  return url.toString();
}
