// Bundles the gw CLI (tsc's dist/cli/main.js and everything it imports, dependencies included) into that one file:
// Node then loads one module instead of several hundred, and `gw serve` starts in about half the time.
// tsx stays outside (it registers loaders by the paths of its own files); it is imported only for TypeScript plugins.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const entry = new URL('../dist/cli/main.js', import.meta.url).pathname;
await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ESM build is bundled instead.
  mainFields: ['module', 'main'],
  external: ['tsx', 'tsx/*'],
  // CommonJS dependencies (cross-spawn, micromatch, proper-lockfile) call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __gwCreateRequire } from 'node:module'; const require = __gwCreateRequire(import.meta.url);" },
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
chmodSync(entry, 0o755);
