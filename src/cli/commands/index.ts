// Which module registers each gw command, loaded on demand: a run of one command imports only its own group of
// commands (gw serve alone, the config commands, the inspecting ones, the client-config ones) and what they import,
// so `gw list` never loads the gateway and `gw --version` loads no command at all.
import type { CAC } from 'cac';

type Register = (cli: CAC) => void;

const config = () => import('./config-commands.js');
const inspect = () => import('./inspect-commands.js');
const clients = () => import('./client-commands.js');

// In the order `gw --help` lists them: the command names and aliases a register function adds, and how to load it.
const COMMANDS: ReadonlyArray<readonly [names: readonly string[], load: () => Promise<Register>]> = [
  [['serve'], async () => (await import('./serve.js')).registerServe],
  [['add'], async () => (await config()).registerAdd],
  [['remove', 'rm'], async () => (await config()).registerRemove],
  [['enable'], async () => (await config()).registerEnable],
  [['disable'], async () => (await config()).registerDisable],
  [['list', 'ls'], async () => (await config()).registerList],
  [['allow'], async () => (await config()).registerAllow],
  [['deny'], async () => (await config()).registerDeny],
  [['group'], async () => (await config()).registerGroup],
  [['import'], async () => (await clients()).registerImport],
  [['install'], async () => (await clients()).registerInstall],
  [['tools'], async () => (await inspect()).registerTools],
  [['test'], async () => (await inspect()).registerTest],
  [['search'], async () => (await inspect()).registerSearch],
  [['doctor'], async () => (await inspect()).registerDoctor],
  [['status', 'restart'], async () => (await config()).registerStatus],
  [['token'], async () => (await config()).registerToken],
  [['log'], async () => (await config()).registerLog],
  [['pin'], async () => (await inspect()).registerPin],
  [['auth'], async () => (await config()).registerAuth],
  [['tokens'], async () => (await inspect()).registerTokens],
  [['override'], async () => (await config()).registerOverride],
  [['broker'], async () => (await config()).registerBroker],
];

// Every command name and alias with the loader of the function that registers it.
export const COMMAND_LOADERS: ReadonlyMap<string, () => Promise<Register>> = new Map(
  COMMANDS.flatMap(([names, load]) => names.map((name) => [name, load] as const)),
);

// Registers the command `name` when it names one, otherwise every command (for the help listing, and so that an
// unknown name is reported against the full list).
export async function registerCommands(cli: CAC, name: string | undefined): Promise<void> {
  const one = name === undefined ? undefined : COMMAND_LOADERS.get(name);
  const registers = await Promise.all(one ? [one()] : COMMANDS.map(([, load]) => load()));
  for (const register of registers) register(cli);
}

// The command word of an argument list (process.argv without node and the script): the first word that is neither
// an option nor the value of the global --config. undefined when there is none (`gw`, `gw --version`).
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return undefined;
    if (arg === '--config') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
