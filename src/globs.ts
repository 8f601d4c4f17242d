// Tool-name globs, one rule everywhere: micromatch, case-sensitive, dotfiles matched, checked once when configured.
import micromatch from 'micromatch';

export type NameMatcher = (bare: string, exposed?: string) => boolean;

// Matches when any glob matches the bare name or the exposed name. One matcher per glob: joining them into `{a,b}`
// would break globs that contain commas or braces.
export function nameMatcher(globs: readonly string[]): NameMatcher {
  const matchers = globs.map((g) => micromatch.matcher(g, { dot: true, nocase: false }));
  return (bare, exposed) => matchers.some((m) => m(bare) || (exposed !== undefined && m(exposed)));
}

// Why a glob given as new input (a gw command, the admin API) is rejected, or undefined when it is usable: stricter than
// loading a config, an empty glob or unbalanced brackets are typos.
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'a glob must not be empty';
  return globSyntaxProblem(glob, true);
}

// Why micromatch cannot compile a glob. It compiles lazily, so checking at load turns a broken pattern in gateway.json
// into a config error instead of a runtime one.
export function globSyntaxProblem(glob: string, strictBrackets = false): string | undefined {
  try {
    micromatch.makeRe(glob, strictBrackets ? { strictBrackets: true } : {});
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
