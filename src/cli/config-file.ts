// Picks the gateway.json a command works on (--config or lookup), says which on stderr, and opens it for reading or editing.
import { enterGatewayChain } from './gateway-chain.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { configNotFound, locateConfig, type LocatedConfig } from '../config/locate.js';
import { openStore, type ConfigStore } from '../config/store.js';
import type { GatewayFile } from '../config/schema.js';
import { note } from './output.js';

// The options every command shares (declared globally in main.ts, or per command for --json).
export interface GlobalOptions {
  config?: string;
  json?: boolean;
}

export interface EditTarget {
  store: ConfigStore;
  located: LocatedConfig;
}

// For commands that write. `create`: a missing file is created at the lookup location (`gw add`, `gw import`);
// otherwise a missing file is CONFIG_NOT_FOUND, since there is nothing to edit.
export function editTarget(options: GlobalOptions, { create = false } = {}): EditTarget {
  const located = locateConfig(options.config);
  if (!located.exists && !create) throw configNotFound(located);
  announce(located);
  if (!located.exists) note(`gw: creating ${located.path}`);
  return { store: openStore(located.path), located };
}

// For commands that only read the normalised config; a missing file is CONFIG_NOT_FOUND.
export async function readConfig(options: GlobalOptions): Promise<LoadedConfig> {
  const loaded = await loadConfig(options.config);
  announce(loaded.located);
  // Commands that connect the upstreams (tools, test) are gateways above them too.
  enterGatewayChain(loaded.located.path);
  return loaded;
}

// For commands that only read the raw file (e.g. `gw group list` shows groups as written).
export async function readRawConfig(
  options: GlobalOptions,
): Promise<{ doc: GatewayFile; located: LocatedConfig }> {
  const located = locateConfig(options.config);
  if (!located.exists) throw configNotFound(located);
  announce(located);
  const doc = await openStore(located.path).read();
  if (!doc) throw configNotFound({ ...located, exists: false });
  return { doc, located };
}

// An explicit --config needs no note; a file found by lookup is named so the user knows which one changed.
function announce(located: LocatedConfig): void {
  if (located.source !== '--config' && located.exists)
    note(`gw: using ${located.path} (${describe(located.source)})`);
}

function describe(source: LocatedConfig['source']): string {
  switch (source) {
    case '$GW_CONFIG':
      return 'from $GW_CONFIG';
    case './gateway.json':
      return 'found in the current directory';
    case 'user config':
      return 'the user config';
    default:
      return source;
  }
}
