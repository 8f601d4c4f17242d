// Small pure helpers that edit the raw gateway.json object (lists of globs and servers, lookups) for the gw commands.
import { GatewayError } from '../errors.js';
import type { GatewayFile, GroupEntry, ServerEntry } from './schema.js';

// Kept exported here for the gw commands: glob checks are strict for new input.
export { globProblem } from '../globs.js';

export interface ListChange {
  list: string[];
  // Items that changed the list, and items that were already (or never) there.
  changed: string[];
  unchanged: string[];
}

// Appends items not already present, keeping the existing order and the order given.
export function addUnique(list: readonly string[] | undefined, items: readonly string[]): ListChange {
  const next = [...(list ?? [])];
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const item of items) {
    if (next.includes(item)) unchanged.push(item);
    else {
      next.push(item);
      changed.push(item);
    }
  }
  return { list: next, changed, unchanged };
}

// Removes every occurrence of the items; `unchanged` lists items that were not in the list.
export function removeItems(list: readonly string[] | undefined, items: readonly string[]): ListChange {
  const current = list ?? [];
  const changed = [...new Set(items.filter((item) => current.includes(item)))];
  const unchanged = [...new Set(items.filter((item) => !current.includes(item)))];
  return { list: current.filter((item) => !items.includes(item)), changed, unchanged };
}

// Sets a list-valued key, dropping the key when the list is empty so the file stays minimal.
export function setList<T extends object, K extends keyof T>(target: T, key: K, list: string[]): void {
  if (list.length === 0) delete target[key];
  else (target as Record<K, unknown>)[key] = list;
}


// The server entry with that name, or SERVER_NOT_FOUND listing the known names.
export function getServer(doc: GatewayFile, name: string, file: string): ServerEntry {
  const servers = doc.mcpServers ?? {};
  const entry = Object.hasOwn(servers, name) ? servers[name] : undefined;
  if (!entry) {
    throw new GatewayError(
      'SERVER_NOT_FOUND',
      `no server named ${JSON.stringify(name)} in ${file} (known: ${Object.keys(servers).join(', ') || 'none'}). Run \`gw list\` to see them or \`gw add\` to add one.`,
    );
  }
  return entry;
}

// The group entry with that name, or GROUP_NOT_FOUND listing the known groups.
export function getGroup(doc: GatewayFile, name: string, file: string): GroupEntry {
  const groups = doc.groups ?? {};
  const entry = Object.hasOwn(groups, name) ? groups[name] : undefined;
  if (!entry) {
    throw new GatewayError(
      'GROUP_NOT_FOUND',
      `no group named ${JSON.stringify(name)} in ${file} (known: ${Object.keys(groups).join(', ') || 'none'}). Create it with \`gw group create ${name}\`.`,
    );
  }
  return entry;
}

// Takes a server out of every group that lists it (so removing it keeps the file valid); returns the groups changed.
export function removeServerFromGroups(doc: GatewayFile, name: string): string[] {
  const changed: string[] = [];
  for (const [groupName, group] of Object.entries(doc.groups ?? {})) {
    if (group.servers?.includes(name)) {
      group.servers = group.servers.filter((s) => s !== name);
      changed.push(groupName);
    }
  }
  return changed;
}

// Whether a raw entry is enabled, honouring the Cline-style `disabled` key.
export function isEnabled(entry: ServerEntry): boolean {
  return entry.enabled ?? (entry.disabled === undefined ? true : !entry.disabled);
}

// Sets the enabled state in place on whichever keys the entry already has (a minimal diff); adds `enabled: false` if none.
export function setEnabled(entry: ServerEntry, enabled: boolean): void {
  if (entry.enabled !== undefined) entry.enabled = enabled;
  if (entry.disabled !== undefined) entry.disabled = !enabled;
  if (entry.enabled === undefined && entry.disabled === undefined && !enabled) entry.enabled = false;
}

// A command line as a POSIX shell would need it typed, for showing exactly what was saved.
export function formatCommandLine(command: string, args: readonly string[] = []): string {
  return [command, ...args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
