// `gw group create|add|remove|delete|list`: curated views over the servers, selected with `serve --group`.
import type { CAC } from 'cac';
import { addUnique, getGroup, getServer, globProblem, removeItems, setList } from '../../config/edit.js';
import { isReservedKey } from '../../config/json-shape.js';
import { GROUP_NAME_RE, type GatewayFile, type GroupEntry } from '../../config/schema.js';
import { GatewayError } from '../../errors.js';
import { editTarget, readRawConfig, type GlobalOptions } from '../config-file.js';
import { print, printJson, table } from '../output.js';
import { toArray, usageError } from '../usage.js';

interface GroupOptions extends GlobalOptions {
  servers?: unknown;
  allow?: unknown;
  deny?: unknown;
  description?: string;
}

const ACTIONS = ['create', 'add', 'remove', 'delete', 'list'] as const;

export function registerGroup(cli: CAC): void {
  cli
    .command('group <action> [...args]', `Manage groups: ${ACTIONS.join(', ')}`)
    .option('--servers <a,b>', 'create: comma-separated member servers')
    .option('--allow <glob>', 'create: allow glob (repeatable)')
    .option('--deny <glob>', 'create: deny glob (repeatable)')
    .option('--description <text>', 'create: a description')
    .option('--json', 'list: print JSON')
    .example('gw group create dev --servers github,docs --deny "*_admin"')
    .example('gw group add dev memory')
    .action(async (action: string, args: string[], options: GroupOptions) => {
      const [name, ...servers] = args;
      if (action === 'list') return listGroups(options);
      if (!(ACTIONS as readonly string[]).includes(action))
        throw usageError(`unknown group action ${JSON.stringify(action)}; use one of: ${ACTIONS.join(', ')}`);
      if (name === undefined)
        throw usageError(
          `give a group name: \`gw group ${action} NAME${action === 'add' || action === 'remove' ? ' SERVER...' : ''}\``,
        );
      const { store } = editTarget(options);
      let message = '';
      await store.update((doc) => {
        if (action === 'create') message = create(doc, name, options, store.file);
        else if (action === 'delete') {
          getGroup(doc, name, store.file);
          delete doc.groups?.[name];
          if (Object.keys(doc.groups ?? {}).length === 0) delete doc.groups;
          message = `deleted group ${name}`;
        } else {
          if (servers.length === 0)
            throw usageError(`give at least one server: \`gw group ${action} ${name} SERVER...\``);
          const group = getGroup(doc, name, store.file);
          if (action === 'add') servers.forEach((s) => getServer(doc, s, store.file));
          const change =
            action === 'add' ? addUnique(group.servers, servers) : removeItems(group.servers, servers);
          group.servers = change.list;
          message = `${action === 'add' ? 'added to' : 'removed from'} group ${name}: ${change.changed.join(' ') || '(nothing)'}`;
          if (change.unchanged.length > 0)
            message += `\n${action === 'add' ? 'already in' : 'not in'} group ${name}: ${change.unchanged.join(' ')}`;
          message += `\ngroup ${name} servers: ${change.list.join(' ') || '(none)'}`;
        }
      });
      print(message);
    });
}

function create(doc: GatewayFile, name: string, o: GroupOptions, file: string): string {
  if (isReservedKey(name)) throw usageError(`${JSON.stringify(name)} cannot be a group name (it is reserved in JavaScript objects); choose another name`);
  if (!GROUP_NAME_RE.test(name))
    throw usageError(
      `invalid group name ${JSON.stringify(name)}: use letters, digits, '_' and '-', starting with a letter or digit`,
    );
  const groups = (doc.groups ??= {});
  if (Object.hasOwn(groups, name))
    throw new GatewayError(
      'ALREADY_EXISTS',
      `group ${JSON.stringify(name)} already exists in ${file}; use \`gw group add ${name} SERVER...\` to change it.`,
    );
  const servers = toArray(o.servers)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  servers.forEach((s) => getServer(doc, s, file));
  const entry: GroupEntry = { servers: addUnique([], servers).list };
  for (const key of ['allow', 'deny'] as const) {
    const globs = toArray(o[key]);
    for (const glob of globs) {
      const problem = globProblem(glob);
      if (problem) throw usageError(`invalid glob ${JSON.stringify(glob)} for --${key}: ${problem}`);
    }
    setList(entry, key, addUnique([], globs).list);
  }
  if (o.description !== undefined) entry.description = String(o.description);
  groups[name] = entry;
  return (
    `created group ${name}: servers ${entry.servers?.join(' ') || '(none)'}` +
    (entry.allow ? `; allow ${entry.allow.join(' ')}` : '') +
    (entry.deny ? `; deny ${entry.deny.join(' ')}` : '')
  );
}

async function listGroups(options: GroupOptions): Promise<void> {
  const { doc } = await readRawConfig(options);
  const groups = Object.entries(doc.groups ?? {}).map(([name, g]) => ({
    name,
    servers: g.servers ?? [],
    allow: g.allow ?? [],
    deny: g.deny ?? [],
    ...(g.description !== undefined && { description: g.description }),
  }));
  if (options.json) return printJson(groups);
  if (groups.length === 0) return print('no groups; create one with `gw group create NAME --servers a,b`');
  const rows = groups.map((g) => [
    g.name,
    String(g.allow.length),
    String(g.deny.length),
    g.servers.join(',') || '(none)',
  ]);
  for (const line of table([['NAME', 'ALLOW', 'DENY', 'SERVERS'], ...rows])) print(line);
}
