// Exposed names: `<server><sep><tool>`, cleaned and shortened deterministically, collisions disambiguated (never last-wins).
import { describe, expect, it } from 'vitest';
import { assignNames, exposedName, NAME_RE, stableHash } from '../../src/catalog/names.js';

const HASH = /_[0-9a-f]{8}$/;

describe('exposedName', () => {
  it('joins server and tool with the separator when the result is already valid', () => {
    expect(exposedName('github', 'list_repos', '_')).toEqual({ name: 'github_list_repos' });
    expect(exposedName('github', 'list-repos', '__')).toEqual({ name: 'github__list-repos' });
  });

  it('cleans invalid characters and adds a stable hash of server and original name', () => {
    const { name, changed } = exposedName('gh', 'repo.list', '_');
    expect(changed).toBe('cleaned');
    expect(name).toBe(`gh_repo_list_${stableHash('gh', 'repo.list')}`);
    expect(name).toMatch(NAME_RE);
  });

  it('cleans non-ASCII letters and spaces too', () => {
    const { name } = exposedName('fx', 'grüße an alle', '_');
    expect(name).toMatch(NAME_RE);
    expect(name.startsWith('fx_gr__e_an_alle_')).toBe(true);
  });

  it('shortens names over 64 characters to exactly 64, keeping the start and ending with the hash', () => {
    const long = 't'.repeat(70);
    const { name, changed } = exposedName('srv', long, '_');
    expect(changed).toBe('shortened');
    expect(name).toHaveLength(64);
    expect(name).toMatch(NAME_RE);
    expect(name.startsWith('srv_ttt')).toBe(true);
    expect(name.endsWith(`_${stableHash('srv', long)}`)).toBe(true);
  });

  it('keeps a name of exactly 64 characters as it is', () => {
    const tool = 'x'.repeat(60);
    expect(exposedName('abc', tool, '_')).toEqual({ name: `abc_${tool}` });
  });

  it('is deterministic and distinguishes names that clean to the same text', () => {
    expect(exposedName('a', 'b.c', '_')).toEqual(exposedName('a', 'b.c', '_'));
    const dotted = exposedName('a', 'b.c', '_').name;
    const spaced = exposedName('a', 'b c', '_').name;
    expect(dotted).not.toBe(spaced);
    expect(dotted.replace(HASH, '')).toBe(spaced.replace(HASH, ''));
  });
});

describe('assignNames', () => {
  it('names items in order and reports cleaned names', () => {
    const { items, warnings } = assignNames(
      [
        { server: 'a', original: 'one' },
        { server: 'b', original: 'x.y' },
      ],
      '_',
    );
    expect(items.map((i) => i.name)).toEqual(['a_one', `b_x_y_${stableHash('b', 'x.y')}`]);
    expect(items[1]).toMatchObject({ server: 'b', original: 'x.y' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("'x.y'");
    expect(warnings[0]).toContain('cleaned');
  });

  it('gives the later of two colliding items a disambiguated name and warns, keeping the first', () => {
    // With separator "-", server "a" tool "b-c" and server "a-b" tool "c" both map to "a-b-c".
    const { items, warnings } = assignNames(
      [
        { server: 'a', original: 'b-c' },
        { server: 'a-b', original: 'c' },
      ],
      '-',
    );
    expect(items[0]?.name).toBe('a-b-c');
    expect(items[1]?.name).toBe(`a-b-c_${stableHash('a-b', 'c')}`);
    expect(new Set(items.map((i) => i.name)).size).toBe(2);
    expect(warnings.join('\n')).toMatch(/a-b: 'c' collides .*'a-b-c'/);
  });

  it('never hands out a reserved name and says the gateway reserved it', () => {
    const { items, warnings } = assignNames(
      [{ server: 'search', original: 'tools' }],
      '_',
      new Set(['search_tools']),
    );
    expect(items[0]?.name).not.toBe('search_tools');
    expect(items[0]?.name).toMatch(NAME_RE);
    expect(warnings[0]).toContain('reserved by the gateway');
  });

  it('keeps disambiguated names valid when the colliding name is already 64 characters', () => {
    const tool = 'y'.repeat(62);
    const name = `x_${tool}`;
    const { items } = assignNames([{ server: 'x', original: tool }], '_', new Set([name]));
    expect(items[0]?.name).toHaveLength(64);
    expect(items[0]?.name).toMatch(NAME_RE);
    expect(items[0]?.name).not.toBe(name);
  });

  it('finds a free name even when the hashed candidate is taken too', () => {
    const candidate = `a_b_${stableHash('a', 'b')}`;
    const { items } = assignNames([{ server: 'a', original: 'b' }], '_', new Set(['a_b', candidate]));
    expect(items[0]?.name).not.toBe('a_b');
    expect(items[0]?.name).not.toBe(candidate);
    expect(items[0]?.name).toMatch(NAME_RE);
  });

  it('produces the same names for the same input, run after run', () => {
    const reqs = [
      { server: 'a', original: 'repo.list' },
      { server: 'a', original: 'z'.repeat(80) },
      { server: 'b', original: 'echo' },
    ];
    expect(assignNames(reqs, '_').items).toEqual(assignNames(reqs, '_').items);
  });
});
