// Builds dist/ once before the suite (as `npm run build` does) so every end-to-end test drives the current bundled `gw` binary.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  // Local shortcut when dist/ was just built by hand; CI always builds.
  if (process.env.GW_SKIP_BUILD === '1' && !process.env.CI) return;
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [path.join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
}
