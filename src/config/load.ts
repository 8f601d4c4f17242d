// Reads gateway.json from disk into a validated GatewayConfig.
import { GatewayError } from '../errors.js';
import { readConfigText } from './file-io.js';
import { configNotFound, locateConfig, type LocatedConfig } from './locate.js';
import { parseConfigText } from './parse.js';
import type { GatewayConfig } from './schema.js';

export interface LoadedConfig {
  config: GatewayConfig;
  located: LocatedConfig;
  text: string;
}

// Locates, reads and validates; throws CONFIG_NOT_FOUND or CONFIG_INVALID.
export async function loadConfig(explicit?: string): Promise<LoadedConfig> {
  const located = locateConfig(explicit);
  if (!located.exists) throw configNotFound(located);
  const text = await readConfigFile(located.path);
  return { config: parseConfigText(text, { file: located.path }), located, text };
}

// Only a regular file under the size cap is read (see file-io.ts); a file that vanished is reported as unreadable.
export async function readConfigFile(file: string): Promise<string> {
  const text = readConfigText(file);
  if (text === null) throw new GatewayError('CONFIG_INVALID', `${file}: cannot be read (ENOENT)`);
  return text;
}
