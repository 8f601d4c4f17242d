// Runs the real compiled `gw` binary and hands back exit code, stdout and stderr.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { onTestFinished } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const GW_BIN = path.join(ROOT, 'dist', 'cli', 'main.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'servers');
// The fixture servers bundled by the suite's global setup (plain Node starts them three times faster than tsx).
export const FIXTURES_BUILD = path.join(ROOT, 'test', 'fixtures', '.build');
// Absolute, because upstreams run with the config file's directory (a temp dir) as their cwd.
export const TSX_IMPORT = ['--import', pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href];

// Bounds on waiting for an event only turn a hang into a message before the test's own timeout. On a loaded 2-core
// machine (the suite beside other builds) events come many times later than on a quiet one, so every bound a test or
// helper names is stretched by this factor (GW_TEST_LOAD_FACTOR to change it).
export const LOAD_FACTOR = Number(process.env.GW_TEST_LOAD_FACTOR) || 4;

export interface GwResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeout?: number;
}

// Runs `gw ...args`; never throws on a non-zero exit.
export async function runGw(args: string[], options: RunOptions = {}): Promise<GwResult> {
  const result = await execa(process.execPath, [GW_BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { GW_LOG_LEVEL: 'warn', ...options.env },
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    reject: false,
    // Only bounds a gw that hangs: on a loaded 2-core machine a gw that counts tokens has taken over 30 s.
    timeout: options.timeout ?? 120_000,
  });
  return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

// A temporary directory removed when the current test finishes.
export function tempDir(prefix = 'gw-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// A temp HOME (and XDG dir inside it) so client config lookups never touch the real one.
export function tempHome(): { dir: string; env: Record<string, string | undefined> } {
  const dir = tempDir('gw-home-');
  return {
    dir,
    env: {
      HOME: dir,
      USERPROFILE: dir,
      XDG_CONFIG_HOME: path.join(dir, '.config'),
      APPDATA: path.join(dir, 'AppData'),
      GW_CONFIG: undefined,
    },
  };
}

// Writes a gateway.json into a fresh temp dir and returns its path.
export function writeConfig(config: unknown, dir = tempDir()): string {
  const file = path.join(dir, 'gateway.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2) + '\n');
  return file;
}

// A gateway.json server entry that runs one of our fixture servers.
export function fixtureEntry(file = 'fixture.ts', env: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  const built = path.join(FIXTURES_BUILD, file.replace(/\.ts$/, '.mjs'));
  const args = existsSync(built) ? [built] : [...TSX_IMPORT, path.join(FIXTURES, file)];
  return { command: process.execPath, args, env, ...extra };
}
