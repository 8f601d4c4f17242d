// Access rules: deny wins, empty allow means all, a group narrows, bare or exposed names match, unknown groups are errors.
import { describe, expect, it } from 'vitest';
import { compileRules, createPolicy, rulePermits } from '../../src/catalog/rules.js';
import { parseConfigText } from '../../src/config/parse.js';
import { GatewayError } from '../../src/errors.js';

describe('rulePermits', () => {
  it('permits everything with no rules', () => {
    expect(rulePermits(compileRules([], []), 'anything', 'srv_anything')).toBe(true);
  });

  it('with an allow list permits only matching names', () => {
    const rules = compileRules(['read_*', 'list'], []);
    expect(rulePermits(rules, 'read_file', 'fs_read_file')).toBe(true);
    expect(rulePermits(rules, 'list', 'fs_list')).toBe(true);
    expect(rulePermits(rules, 'write_file', 'fs_write_file')).toBe(false);
  });

  it('lets deny win over allow', () => {
    const rules = compileRules(['*'], ['delete_*']);
    expect(rulePermits(rules, 'delete_repo', 'gh_delete_repo')).toBe(false);
    expect(rulePermits(rules, 'create_repo', 'gh_create_repo')).toBe(true);
  });

  it('matches the exposed name as well as the bare one', () => {
    const rules = compileRules([], ['gh_*']);
    expect(rulePermits(rules, 'list', 'gh_list')).toBe(false);
    expect(rulePermits(rules, 'list', 'fs_list')).toBe(true);
    expect(rulePermits(compileRules(['fs_list'], []), 'list', 'fs_list')).toBe(true);
  });

  it('is case-sensitive', () => {
    const rules = compileRules([], ['Delete*']);
    expect(rulePermits(rules, 'delete_x', 's_delete_x')).toBe(true);
    expect(rulePermits(rules, 'Delete_x', 's_Delete_x')).toBe(false);
  });

  it('treats each glob on its own, so braces and commas inside one glob still work', () => {
    const rules = compileRules(['{get,list}_*'], []);
    expect(rulePermits(rules, 'get_x', 's_get_x')).toBe(true);
    expect(rulePermits(rules, 'list_x', 's_list_x')).toBe(true);
    expect(rulePermits(rules, 'put_x', 's_put_x')).toBe(false);
  });
});

const config = parseConfigText(
  JSON.stringify({
    mcpServers: {
      a: { command: 'x', deny: ['secret'] },
      b: { command: 'x', allow: ['read*', 'list'] },
      c: { command: 'x' },
    },
    groups: {
      dev: { servers: ['a', 'b'], deny: ['list'] },
      open: { servers: ['c'] },
    },
  }),
  { file: '/tmp/cfg/gateway.json', stateDir: '/tmp/cfg/state' },
);

describe('createPolicy', () => {
  it('without a group applies each server’s own rules', () => {
    const policy = createPolicy(config);
    expect(['a', 'b', 'c'].every((s) => policy.hasServer(s))).toBe(true);
    expect(policy.permits('a', 'secret', 'a_secret')).toBe(false);
    expect(policy.permits('a', 'list', 'a_list')).toBe(true);
    expect(policy.permits('b', 'write', 'b_write')).toBe(false);
    expect(policy.permits('b', 'list', 'b_list')).toBe(true);
    expect(policy.permits('nope', 'x', 'nope_x')).toBe(false);
  });

  it('with a group exposes only its members, its rules narrowing theirs', () => {
    const policy = createPolicy(config, 'dev');
    expect(policy.hasServer('a')).toBe(true);
    expect(policy.hasServer('c')).toBe(false);
    expect(policy.permits('c', 'anything', 'c_anything')).toBe(false);
    expect(policy.permits('b', 'list', 'b_list')).toBe(false); // group deny
    expect(policy.permits('b', 'read_file', 'b_read_file')).toBe(true);
    expect(policy.permits('b', 'write', 'b_write')).toBe(false); // server allow still applies
    expect(policy.permits('a', 'secret', 'a_secret')).toBe(false); // server deny still applies
  });

  it('rejects an unknown group with an error listing the groups that exist', () => {
    let error: unknown;
    try {
      createPolicy(config, 'prod');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toContain("unknown group 'prod'");
    expect((error as GatewayError).message).toContain('dev, open');
  });
});
