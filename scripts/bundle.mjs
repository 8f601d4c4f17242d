// Bundles the gw CLI (src/cli/main.ts and everything it imports, dependencies included) into dist/cli/main.js and the
// chunks it loads on demand (dist/cli/chunks/), in place of tsc's output for that one file: Node then loads a few
// dozen modules instead of several hundred, and only those of the command being run (`gw --version` reads main.js
// alone). Runs after tsc (which type-checks and builds the library); safe to run again.
// tsx stays outside (it registers loaders by the paths of its own files); it is imported only for TypeScript plugins.
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
// zod's namespace export carries every locale's error messages (300 KB, a fifth of what gw serve loads) because
// `z.locales` is reachable from `z`; gw never switches locale, so `z.locales` holds English only.
const englishZodOnly = {
  name: 'english-zod-only',
  setup(b) {
    b.onResolve({ filter: /^(\.\.\/)+locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: args.resolveDir, namespace: 'english-zod-only' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-zod-only' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.path,
      loader: 'js',
    }));
  },
};
const out = `${root}dist/cli/main.js`;
// The chunks of the build before, whose names carry hashes of what they held.
rmSync(`${root}dist/cli/chunks`, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outdir: `${root}dist/cli`,
  entryNames: '[name]',
  // Each dynamic import() becomes a chunk of its own, loaded when it runs: main.js holds only the command line
  // parser and the table of commands, and a command loads its own code (gw serve the gateway, gw list the config).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ESM build is bundled instead.
  mainFields: ['module', 'main'],
  // js-tiktoken (2 MB of ranks) stays outside so `gw serve` never parses it; only gw tokens/doctor import it.
  // The OpenTelemetry packages likewise: src/tracing.ts imports them only when an OTLP endpoint is set. Code mode's
  // sandbox (QuickJS, its wasm located through the package) and type stripper load on the first run_code.
  external: [
    'tsx',
    'tsx/*',
    'js-tiktoken',
    'js-tiktoken/*',
    '@opentelemetry/*',
    'quickjs-emscripten-core',
    '@jitl/quickjs-wasmfile-release-sync',
    'sucrase',
    // The keychain binding is a native module (loaded on first use, from its platform package).
    '@napi-rs/keyring',
  ],
  plugins: [englishZodOnly],
  // CommonJS dependencies (cross-spawn, micromatch, proper-lockfile) call require() for Node's built-in modules, and
  // write-file-atomic reads __filename.
  banner: {
    js: "import { createRequire as __gwCreateRequire } from 'node:module'; import { fileURLToPath as __gwFileURLToPath } from 'node:url'; const require = __gwCreateRequire(import.meta.url); const __filename = __gwFileURLToPath(import.meta.url);",
  },
  // The bundled dependencies' licence notices stay in the shipped file.
  legalComments: 'eof',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
// tsc's source map described the file the bundle replaced.
rmSync(`${out}.map`, { force: true });
chmodSync(out, 0o755);
