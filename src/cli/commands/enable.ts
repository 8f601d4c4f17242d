// `gw enable NAME` and `gw disable NAME`: switch an upstream on or off without losing its settings.
import type { CAC } from 'cac';
import { getServer, isEnabled, setEnabled } from '../../config/edit.js';
import { editTarget, type GlobalOptions } from '../config-file.js';
import { print } from '../output.js';

export function registerEnable(cli: CAC): void {
  cli
    .command('enable <name>', 'Enable an upstream server')
    .action((name: string, options: GlobalOptions) => toggle(name, true, options));
}

export function registerDisable(cli: CAC): void {
  cli
    .command('disable <name>', 'Disable an upstream server (kept in the config, not started)')
    .action((name: string, options: GlobalOptions) => toggle(name, false, options));
}

async function toggle(name: string, enabled: boolean, options: GlobalOptions): Promise<void> {
  const { store } = editTarget(options);
  let already = false;
  await store.update((doc) => {
    const entry = getServer(doc, name, store.file);
    already = isEnabled(entry) === enabled;
    // Nothing changes when it is already in that state, so the store skips the write.
    if (!already) setEnabled(entry, enabled);
  });
  const state = enabled ? 'enabled' : 'disabled';
  print(already ? `${name} is already ${state}` : `${state} ${name} in ${store.file}`);
}
