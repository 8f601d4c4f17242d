// The package version and root, found by walking up from this file to package.json: the same from src/ (tests),
// dist/ (the library) and dist/cli/main.js (the bundled gw binary).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(import.meta.dirname);
const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
export const VERSION: string = manifest.version;
// The npm package name (`fast-mcp-gateway`; `fast-gateway` on npm is an unrelated project): what `npx -y` runs and
// what plugin specifiers start with.
export const PACKAGE_NAME: string = manifest.name;
// The specifier prefix of built-in plugins; the pre-rename `fast-gateway/plugins/` is still understood.
export const BUILTIN_PLUGIN_PREFIXES = [`${manifest.name}/plugins/`, 'fast-gateway/plugins/'] as const;
// The compiled gw entry point, which `gw install` writes into client configs.
export const GW_MAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
