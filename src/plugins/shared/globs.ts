// Tool globs of plugin options: micromatch, case-sensitive, matched against the bare and the exposed name.
import micromatch from 'micromatch';

export type NameMatcher = (bare: string, exposed?: string) => boolean;

export function nameMatcher(globs: readonly string[]): NameMatcher {
  const matchers = globs.map((g) => micromatch.matcher(g, { dot: true }));
  return (bare, exposed) => matchers.some((m) => m(bare) || (exposed !== undefined && m(exposed)));
}
