// Whether dist/ was built from the sources as they are now: a hash of every input of `npm run build` plus the bundle's
// mtime, kept in dist/.test-build-stamp, lets the suite's global setup skip a build that would change nothing.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INPUTS = ['src', 'scripts/bundle.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

export function createBuildStamp(root: string) {
  const stampFile = path.join(root, 'dist', '.test-build-stamp');
  const bundle = path.join(root, 'dist', 'cli', 'main.js');
  const current = (): string => {
    const hash = createHash('sha256');
    for (const file of INPUTS.flatMap((p) => filesUnder(path.join(root, p)))) {
      hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
    return hash.digest('hex');
  };
  const bundleTime = () => String(statSync(bundle).mtimeMs);
  return {
    // True when dist/ holds the build of exactly these sources and nobody rebuilt it since (a hand build of other
    // sources changes the bundle's mtime).
    fresh(): boolean {
      if (!existsSync(stampFile) || !existsSync(bundle)) return false;
      return readFileSync(stampFile, 'utf8') === `${current()} ${bundleTime()}`;
    },
    record(): void {
      writeFileSync(stampFile, `${current()} ${bundleTime()}`);
    },
  };
}

function filesUnder(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}
