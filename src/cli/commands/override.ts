// `gw override SERVER TOOL`: edits a tool's override in gateway.json (name, description, hidden parameters, defaults).
import type { CAC } from 'cac';
import { getServer } from '../../config/edit.js';
import { ToolOverrideSchema, type ToolOverride } from '../../config/schema.js';
import { editTarget, type GlobalOptions } from '../config-file.js';
import { print, printJson } from '../output.js';
import { usageError } from '../usage.js';

interface OverrideOptions extends GlobalOptions {
  name?: string;
  description?: string;
  appendDescription?: string;
  hide?: string | string[];
  default?: string | string[];
  remove?: boolean;
}

export function registerOverride(cli: CAC): void {
  cli
    .command('override <server> <tool>', "Override how a server's tool is shown: name, description, hidden parameters, defaults")
    .option('--name <name>', 'Expose the tool under this name (still prefixed with the server)')
    .option('--description <text>', 'Replace the description')
    .option('--append-description <text>', 'Add a paragraph to the description')
    .option('--hide <param>', 'Hide a parameter (repeatable; it must be optional or have a --default)')
    .option('--default <param=json>', 'Fill in a parameter when a call leaves it out (repeatable), e.g. --default owner=\'"acme"\'')
    .option('--remove', "Remove the tool's override")
    .option('--json', 'Print the resulting override as JSON')
    .example('gw override github create_issue --description "Open an issue in acme/app" --hide owner --default owner=\'"acme"\'')
    .action(async (server: string, tool: string, options: OverrideOptions) => {
      const change = toChange(options);
      if (!options.remove && Object.keys(change).length === 0) {
        throw usageError('say what to change: --name, --description, --append-description, --hide, --default (or --remove)');
      }
      const { store } = editTarget(options);
      let result: ToolOverride | undefined;
      await store.update((doc) => {
        const entry = getServer(doc, server, store.file);
        const tools = { ...(entry.tools ?? {}) };
        if (options.remove) delete tools[tool];
        else {
          const current = tools[tool] ?? {};
          const merged: ToolOverride = {
            ...current,
            ...change,
            ...(change.hide && { hide: [...new Set([...(current.hide ?? []), ...change.hide])] }),
            ...(change.defaults && { defaults: { ...current.defaults, ...change.defaults } }),
          };
          tools[tool] = ToolOverrideSchema.parse(merged);
          result = tools[tool];
        }
        if (Object.keys(tools).length === 0) delete entry.tools;
        else entry.tools = tools;
      });
      if (options.json) printJson({ server, tool, override: result ?? null });
      else print(result ? `server ${server} tool ${tool} override: ${JSON.stringify(result)}` : `removed the override of server ${server} tool ${tool}`);
    });
}

function toChange(options: OverrideOptions): ToolOverride {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String);
  const change: ToolOverride = {};
  if (options.name !== undefined) change.name = String(options.name);
  if (options.description !== undefined) change.description = String(options.description);
  if (options.appendDescription !== undefined) change.appendDescription = String(options.appendDescription);
  const hide = list(options.hide);
  if (hide.length > 0) change.hide = hide;
  const defaults = list(options.default);
  if (defaults.length > 0) {
    change.defaults = {};
    for (const pair of defaults) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw usageError(`--default must be PARAM=JSON (got ${JSON.stringify(pair)})`);
      const raw = pair.slice(eq + 1);
      try {
        change.defaults[pair.slice(0, eq)] = JSON.parse(raw) as unknown;
      } catch {
        // A bare word is taken as a string, so --default owner=acme works without shell quoting.
        change.defaults[pair.slice(0, eq)] = raw;
      }
    }
  }
  const parsed = ToolOverrideSchema.safeParse(change);
  if (!parsed.success) throw usageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  return change;
}
