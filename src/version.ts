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
export const VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// The compiled gw entry point, which `gw install` writes into client configs.
export const GW_MAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
