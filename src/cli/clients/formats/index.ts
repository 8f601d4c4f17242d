// The three file formats MCP clients keep their servers in, each able to read a file and set one value in its text.
import type { FileFormat } from '../types.js';
import { jsoncFormat } from './jsonc.js';
import { tomlFormat } from './toml.js';
import { yamlFormat } from './yaml.js';

export interface ConfigFormat {
  // The parsed document; a clear CONFIG_INVALID error naming the file (and line) when it does not parse.
  read(text: string, file: string): unknown;
  // The text with the value at `at` set, everything else kept as written.
  set(text: string, at: string[], value: unknown): string;
}

export const FORMATS: ReadonlyMap<FileFormat, ConfigFormat> = new Map<FileFormat, ConfigFormat>([
  ['json', jsoncFormat],
  ['toml', tomlFormat],
  ['yaml', yamlFormat],
]);

export function formatOf(format: FileFormat): ConfigFormat {
  return FORMATS.get(format) as ConfigFormat;
}
