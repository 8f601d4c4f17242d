// Before the suite: builds dist/ (as `npm run build` does) so every end-to-end test drives the current bundled `gw`
// binary, bundles the fixture servers so each spawn starts in about a third of the time `node --import tsx` takes, and
// installs the MCP conformance suite's own tools (they need Node 22, so they live in scripts/conformance) when missing.
// A dist/ already built from exactly the current sources is kept (the build is the costliest part of the setup).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { createBuildStamp } from './build-stamp.js';

export default async function setup(): Promise<void> {
  // Vitest runs the setup once for the root config and once per project, one after the other: the first does the work.
  if (process.env.GW_TEST_SETUP_DONE === String(process.pid)) return;
  await bundleFixtures();
  const root = path.resolve(import.meta.dirname, '..', '..');
  installConformanceTools(root);
  buildDist(root);
  process.env.GW_TEST_SETUP_DONE = String(process.pid);
}

function buildDist(root: string): void {
  // Local shortcut when dist/ was just built by hand; CI always builds.
  if (process.env.GW_SKIP_BUILD === '1' && !process.env.CI) return;
  const stamp = createBuildStamp(root);
  if (stamp.fresh()) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [path.join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
  stamp.record();
}

// Each test/fixtures/servers/*.ts into test/fixtures/.build/*.mjs (fixtureEntry runs these; the sources stay the truth).
async function bundleFixtures(): Promise<void> {
  const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'servers');
  const FIXTURES_BUILD = path.resolve(import.meta.dirname, '..', 'fixtures', '.build');
  const sources = readdirSync(FIXTURES).filter((f) => f.endsWith('.ts'));
  await build({
    entryPoints: sources.map((f) => path.join(FIXTURES, f)),
    outdir: FIXTURES_BUILD,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: "import { createRequire as __fxRequire } from 'node:module'; const require = __fxRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

// scripts/conformance has its own lock file (the suite and the Node 22 it runs on); installed once, from the registry.
function installConformanceTools(root: string): void {
  const prefix = path.join(root, 'scripts', 'conformance');
  if (existsSync(path.join(prefix, 'node_modules', '@modelcontextprotocol', 'conformance'))) return;
  execFileSync('npm', ['ci', '--prefix', prefix, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
