// `gw allow` / `gw deny`: add or (--remove) take tool-name globs on a server's or a group's allow/deny list.
import type { CAC } from 'cac';
import { addUnique, getGroup, getServer, globProblem, removeItems, setList } from '../../config/edit.js';
import { editTarget, type GlobalOptions } from '../config-file.js';
import { print, printJson } from '../output.js';
import { usageError } from '../usage.js';

type ListKey = 'allow' | 'deny';

interface RuleOptions extends GlobalOptions {
  group?: string;
  remove?: boolean;
}

export function registerAllow(cli: CAC): void {
  register(cli, 'allow', 'Only expose tools matching these globs (empty allow list = all tools)');
}

export function registerDeny(cli: CAC): void {
  register(cli, 'deny', 'Hide and block tools matching these globs (deny wins over allow)');
}

function register(cli: CAC, key: ListKey, description: string): void {
  cli
    .command(
      `${key} [...args]`,
      `${description}: \`gw ${key} SERVER GLOB...\` or \`gw ${key} --group GROUP GLOB...\``,
    )
    .option('--group <group>', "Edit a group's list instead of a server's")
    .option('--remove', 'Take the globs off the list instead of adding them')
    .option('--json', 'Print the resulting list as JSON')
    .example(`gw ${key} github 'delete_*' 'admin_*'`)
    .example(`gw ${key} --group dev --remove 'delete_*'`)
    .action(async (args: string[], options: RuleOptions) => {
      const group = options.group === undefined ? undefined : String(options.group);
      const [owner, ...globs] = group === undefined ? args : [group, ...args];
      if (owner === undefined || globs.length === 0) {
        throw usageError(
          `give a server and at least one glob: \`gw ${key} SERVER GLOB...\` or \`gw ${key} --group GROUP GLOB...\``,
        );
      }
      for (const glob of globs) {
        const problem = globProblem(glob);
        if (problem) throw usageError(`invalid glob ${JSON.stringify(glob)}: ${problem}`);
      }
      const { store } = editTarget(options);
      let changed: string[] = [];
      let unchanged: string[] = [];
      let list: string[] = [];
      await store.update((doc) => {
        // `gw deny --group dev m 'delete_*'` reads as "m's delete_* in dev", but a group's globs match tool names:
        // a first glob that is exactly a server's name would be stored as a tool glob that matches nothing.
        const first = globs[0] ?? '';
        if (group !== undefined && globs.length > 1 && doc.mcpServers && Object.hasOwn(doc.mcpServers, first)) {
          const sep = doc.settings?.separator ?? '_';
          const rest = globs.slice(1);
          throw usageError(
            `'${first}' is a server, not a tool glob: a group's ${key} list matches tool names. For ${first}'s tools in group ${group}, use exposed names (\`gw ${key} --group ${group} ${rest.map((g) => `'${first}${sep}${g}'`).join(' ')}\`), or \`gw ${key} ${first} ${rest.map((g) => `'${g}'`).join(' ')}\` for every view.`,
          );
        }
        const entry =
          group === undefined ? getServer(doc, owner, store.file) : getGroup(doc, owner, store.file);
        ({ list, changed, unchanged } = options.remove
          ? removeItems(entry[key], globs)
          : addUnique(entry[key], globs));
        setList(entry, key, list);
      });
      const what = group === undefined ? `server ${owner}` : `group ${owner}`;
      if (options.json) {
        printJson({ [group === undefined ? 'server' : 'group']: owner, [key]: list, changed, unchanged });
        return;
      }
      const verb = options.remove ? 'removed from' : 'added to';
      if (changed.length > 0) print(`${verb} ${what} ${key}: ${changed.join(' ')}`);
      if (unchanged.length > 0)
        print(`${options.remove ? 'not in' : 'already in'} ${what} ${key}: ${unchanged.join(' ')}`);
      print(
        `${what} ${key} list: ${list.length > 0 ? list.join(' ') : key === 'allow' ? '(empty: all tools allowed)' : '(empty)'}`,
      );
    });
}
