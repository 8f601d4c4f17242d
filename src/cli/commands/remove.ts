// `gw remove NAME`: deletes an upstream server and takes it out of every group that lists it.
import type { CAC } from 'cac';
import { getServer, removeServerFromGroups } from '../../config/edit.js';
import { editTarget, type GlobalOptions } from '../config-file.js';
import { print } from '../output.js';

export function registerRemove(cli: CAC): void {
  cli
    .command('remove <name>', 'Remove an upstream server (and its membership in groups)')
    .alias('rm')
    .action(async (name: string, options: GlobalOptions) => {
      const { store } = editTarget(options);
      let groups: string[] = [];
      await store.update((doc) => {
        getServer(doc, name, store.file);
        delete doc.mcpServers?.[name];
        // A group naming a missing server is invalid, so membership goes with the server.
        groups = removeServerFromGroups(doc, name);
      });
      print(`removed ${name} from ${store.file}`);
      if (groups.length > 0)
        print(`  also removed it from group${groups.length > 1 ? 's' : ''}: ${groups.join(', ')}`);
    });
}
