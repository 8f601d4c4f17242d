import { describe, expect, it } from 'vitest';
import { globProblem, globSyntaxProblem, nameMatcher } from '../src/globs.js';

describe('nameMatcher', () => {
  it('matches the bare or the exposed name, case-sensitively', () => {
    const m = nameMatcher(['delete_*', 'github_get_*']);
    expect(m('delete_repo')).toBe(true);
    expect(m('get_issue', 'github_get_issue')).toBe(true);
    expect(m('Delete_repo')).toBe(false);
    expect(m('list_repos', 'github_list_repos')).toBe(false);
  });

  it('keeps globs with commas and braces whole and matches dot names', () => {
    expect(nameMatcher(['{read,write}_file'])('write_file')).toBe(true);
    expect(nameMatcher(['*'])('.hidden')).toBe(true);
    expect(nameMatcher([])('anything')).toBe(false);
  });
});

describe('glob checks', () => {
  it('refuses empty globs and unbalanced brackets as new input', () => {
    expect(globProblem('')).toMatch(/empty/);
    expect(globProblem('delete_[')).toMatch(/Missing closing/);
    expect(globProblem('delete_*')).toBeUndefined();
  });

  it('is lenient about brackets when loading a config', () => {
    expect(globSyntaxProblem('delete_[')).toBeUndefined();
    expect(globSyntaxProblem('delete_*')).toBeUndefined();
  });
});
