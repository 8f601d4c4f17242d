// Unit tests for the pure gateway.json editing helpers used by the gw commands.
import { describe, expect, it } from 'vitest';
import {
  addUnique,
  formatCommandLine,
  getGroup,
  getServer,
  globProblem,
  isEnabled,
  removeItems,
  removeServerFromGroups,
  setEnabled,
  setList,
} from '../../src/config/edit.js';
import type { GatewayFile, ServerEntry } from '../../src/config/schema.js';

describe('list helpers', () => {
  it('addUnique appends only new items, in order, and reports the rest', () => {
    expect(addUnique(['a', 'b'], ['b', 'c', 'c', 'd'])).toEqual({
      list: ['a', 'b', 'c', 'd'],
      changed: ['c', 'd'],
      unchanged: ['b', 'c'],
    });
    expect(addUnique(undefined, ['x'])).toEqual({ list: ['x'], changed: ['x'], unchanged: [] });
  });

  it('removeItems removes every occurrence and reports items that were not there', () => {
    expect(removeItems(['a', 'b', 'a', 'c'], ['a', 'z'])).toEqual({
      list: ['b', 'c'],
      changed: ['a'],
      unchanged: ['z'],
    });
    expect(removeItems(undefined, ['a'])).toEqual({ list: [], changed: [], unchanged: ['a'] });
  });

  it('setList drops the key when the list becomes empty', () => {
    const entry: ServerEntry = { command: 'x', deny: ['a'] };
    setList(entry, 'deny', []);
    expect(entry).toEqual({ command: 'x' });
    setList(entry, 'allow', ['b']);
    expect(entry).toEqual({ command: 'x', allow: ['b'] });
  });
});

describe('globProblem', () => {
  it('accepts ordinary globs and rejects empty or unbalanced ones', () => {
    for (const glob of ['delete_*', '*_admin', '{read,list}_*', 'get_[a-z]*', '**'])
      expect(globProblem(glob)).toBeUndefined();
    expect(globProblem('')).toMatch(/empty/);
    expect(globProblem('  ')).toMatch(/empty/);
    expect(globProblem('delete_[')).toMatch(/Missing closing: "\]"/);
    expect(globProblem('{a,b')).toMatch(/Missing closing: "\}"/);
  });
});

describe('lookups', () => {
  const doc: GatewayFile = {
    mcpServers: { a: { command: 'x' }, b: { command: 'y' } },
    groups: { dev: { servers: ['a', 'b'] }, ops: { servers: ['b'] } },
  };

  it('getServer and getGroup return the entry or a not-found error listing what exists', () => {
    expect(getServer(doc, 'a', 'gateway.json')).toEqual({ command: 'x' });
    expect(() => getServer(doc, 'zz', 'gateway.json')).toThrow(
      /no server named "zz" in gateway.json \(known: a, b\)/,
    );
    expect(() => getServer(doc, 'toString', 'gateway.json')).toThrow(/no server named "toString"/);
    expect(getGroup(doc, 'dev', 'gateway.json')).toEqual({ servers: ['a', 'b'] });
    expect(() => getGroup(doc, 'qa', 'gateway.json')).toThrow(/no group named "qa" .*known: dev, ops/);
  });

  it('removeServerFromGroups takes the server out of every group that names it', () => {
    const copy = structuredClone(doc);
    expect(removeServerFromGroups(copy, 'b')).toEqual(['dev', 'ops']);
    expect(copy.groups).toEqual({ dev: { servers: ['a'] }, ops: { servers: [] } });
  });
});

describe('enabled state', () => {
  it('reads enabled and the Cline-style disabled key', () => {
    expect(isEnabled({ command: 'x' })).toBe(true);
    expect(isEnabled({ command: 'x', enabled: false })).toBe(false);
    expect(isEnabled({ command: 'x', disabled: true })).toBe(false);
  });

  it('edits whichever key is present, adding enabled:false only when needed', () => {
    const plain: ServerEntry = { command: 'x' };
    setEnabled(plain, true);
    expect(plain).toEqual({ command: 'x' });
    setEnabled(plain, false);
    expect(plain).toEqual({ command: 'x', enabled: false });
    const cline: ServerEntry = { command: 'x', disabled: true, args: [] };
    setEnabled(cline, true);
    expect(cline).toEqual({ command: 'x', disabled: false, args: [] });
    expect(Object.keys(cline)).toEqual(['command', 'disabled', 'args']);
  });
});

describe('formatCommandLine', () => {
  it('quotes only words a shell would split or expand', () => {
    expect(formatCommandLine('npx', ['-y', '@scope/server@1.2', '--dir=/tmp/x'])).toBe(
      'npx -y @scope/server@1.2 --dir=/tmp/x',
    );
    expect(formatCommandLine('node', ['a b', "it's", '', '$HOME'])).toBe(`node 'a b' 'it'\\''s' '' '$HOME'`);
  });
});
