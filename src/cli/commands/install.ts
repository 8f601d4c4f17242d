// `gw install CLIENT`: writes the one gateway entry into an MCP client's config, backed up, idempotent, all else untouched.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GW_MAIN, PACKAGE_NAME } from '../../version.js';
import { launchesGateway } from '../gateway-chain.js';
import type { CAC } from 'cac';
import {
  applyEdits,
  findNodeAtLocation,
  getNodeValue,
  modify,
  parseTree,
  printParseErrorCode,
  type ParseError,
} from 'jsonc-parser';
import { locateConfig } from '../../config/locate.js';
import { getGroup } from '../../config/edit.js';
import { lineCol } from '../../config/parse.js';
import { openStore } from '../../config/store.js';
import { GatewayError } from '../../errors.js';
import { CLIENTS, isClient, userClientFile, type ClientName } from '../clients.js';
import type { GlobalOptions } from '../config-file.js';
import { note, print } from '../output.js';
import { usageError } from '../usage.js';

interface InstallOptions extends GlobalOptions {
  group?: string;
  name?: string;
  print?: boolean;
  npx?: boolean;
  force?: boolean;
}

export function registerInstall(cli: CAC): void {
  cli
    .command('install <client>', `Add the gateway to an MCP client's config (${CLIENTS.join(', ')})`)
    .option('--group <group>', 'Serve only this group')
    .option('--name <name>', 'Entry name in the client config', { default: 'gw' })
    .option('--print', 'Print the entry instead of writing it')
    .option('--force', 'Replace an entry of that name that is not fast-gateway')
    .option(
      '--npx',
      `Launch through \`npx -y ${PACKAGE_NAME}\` instead of this installation (absolute node + gw paths)`,
    )
    .action(async (client: string, options: InstallOptions) => {
      if (!isClient(client))
        throw usageError(`unknown client ${JSON.stringify(client)}; use one of: ${CLIENTS.join(', ')}`);
      const name = String(options.name ?? 'gw');
      if (name.trim() === '') throw usageError('--name must not be empty');
      const located = locateConfig(options.config);
      if (located.source !== '--config') note(`gw: the entry will use ${located.path} (${located.source})`);
      if (!located.exists)
        note(`gw: ${located.path} does not exist yet; create it with \`gw add\` before starting the client`);
      const group = options.group === undefined ? undefined : String(options.group);
      if (group !== undefined && located.exists) {
        const doc = await openStore(located.path).read();
        if (doc) getGroup(doc, group, located.path);
      }
      const entry = gatewayEntry(client, located.path, group, options.npx === true);
      const target = userClientFile(client);
      const snippet = JSON.stringify({ [target.key]: { [name]: entry } }, null, 2);
      if (options.print) {
        note(`gw: this entry belongs in ${target.path}`);
        return print(snippet);
      }
      const result = await writeEntry(target.path, [target.key, name], entry, options.force === true);
      if (result === 'unchanged')
        print(`already installed: ${target.path} has this entry as ${JSON.stringify(name)}`);
      else
        print(
          `${result} ${JSON.stringify(name)} in ${target.path}${existsSync(target.path + '.bak') && result !== 'created' ? ` (backup: ${target.path}.bak)` : ''}`,
        );
      print(snippet);
      if (result !== 'unchanged')
        print(`restart ${client === 'claude' ? 'Claude Desktop' : client} to pick it up`);
    });
}

// By default the entry runs this installation directly (absolute node + dist/cli/main.js): GUI clients often lack
// the shell's PATH (so `npx` is not found), and npx re-resolves the package on every launch. From an npx cache, or
// with --npx, it uses `npx -y fast-gateway` instead, which survives node upgrades and moves.
export function gatewayEntry(
  client: ClientName,
  configPath: string,
  group: string | undefined,
  npx: boolean,
): Record<string, unknown> {
  const main = GW_MAIN;
  const viaNpx = npx || /[\\/]_npx[\\/]/.test(main);
  const launch = viaNpx
    ? { command: 'npx', args: ['-y', PACKAGE_NAME] }
    : { command: process.execPath, args: [main] };
  const args = [
    ...launch.args,
    'serve',
    '--config',
    path.resolve(configPath),
    ...(group !== undefined ? ['--group', group] : []),
  ];
  // VS Code and Claude Code write an explicit type; matching them keeps `claude mcp list` and the VS Code UI happy.
  const typed = client === 'vscode' || client === 'claude-code' ? { type: 'stdio' } : {};
  return { ...typed, command: launch.command, args };
}

// Sets `at` to `value` in a JSON(C) file with a minimal text edit; backs up first; atomic temp + rename.
async function writeEntry(
  file: string,
  at: string[],
  value: unknown,
  force: boolean,
): Promise<'created' | 'added' | 'updated' | 'unchanged'> {
  const exists = existsSync(file);
  const text = exists ? await readFile(file, 'utf8') : '';
  const base = text.trim() === '' ? '{}' : text;
  const errors: ParseError[] = [];
  const tree = parseTree(base, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first || tree?.type !== 'object') {
    const { line, col } = lineCol(base, first?.offset ?? 0);
    const why = first
      ? `invalid JSON (${printParseErrorCode(first.error)}) at line ${line}:${col}`
      : 'is not a JSON object';
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file}: ${why}; gw left it unchanged. Fix it, or use \`gw install --print\` and add the entry by hand.`,
    );
  }
  const current = findNodeAtLocation(tree, at);
  const old: unknown = current ? getNodeValue(current) : undefined;
  if (current && JSON.stringify(old) === JSON.stringify(value)) return 'unchanged';
  // Another server under the same name is the user's, not ours to overwrite.
  if (current && !force && !(typeof old === 'object' && old !== null && launchesGateway(old as Record<string, unknown>))) {
    throw usageError(
      `${file} already has a server named ${JSON.stringify(at[at.length - 1])} that is not fast-gateway; pick another name with --name, or pass --force to replace it`,
    );
  }
  const indent = /^( +|\t)"/m.exec(base)?.[1] ?? '  ';
  const eol = base.includes('\r\n') ? '\r\n' : '\n';
  const formattingOptions = {
    insertSpaces: indent[0] !== '\t',
    tabSize: indent[0] === '\t' ? 1 : indent.length,
    eol,
  };
  let next = applyEdits(base, modify(base, at, value, { formattingOptions }));
  if (!next.endsWith(eol)) next += eol;
  await mkdir(path.dirname(file), { recursive: true });
  const mode = exists ? (await stat(file)).mode & 0o777 : 0o644;
  // The first backup is kept: it holds the file as it was before gw ever touched it.
  if (exists && !existsSync(file + '.bak')) await copyFile(file, file + '.bak');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.gw-${process.pid}.tmp`);
  await writeFile(temp, next, { mode });
  await chmod(temp, mode);
  await rename(temp, file);
  return !exists ? 'created' : current ? 'updated' : 'added';
}
