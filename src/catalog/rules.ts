// Allow/deny rules: micromatch globs (case-sensitive) on the bare name and the exposed name; deny wins; empty allow means all.
import type { GatewayConfig } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import { nameMatcher } from '../globs.js';

type Matcher = (name: string) => boolean;

export interface RuleSet {
  allow?: Matcher;
  deny?: Matcher;
}

export interface AccessPolicy {
  // Whether a server is part of this view at all.
  hasServer(server: string): boolean;
  // Whether an item (tool or prompt) of a server may be seen and used.
  permits(server: string, bare: string, exposed: string): boolean;
}

export function compileRules(allow: readonly string[], deny: readonly string[]): RuleSet {
  return {
    ...(allow.length > 0 && { allow: anyOf(allow) }),
    ...(deny.length > 0 && { deny: anyOf(deny) }),
  };
}

function anyOf(globs: readonly string[]): Matcher {
  const matches = nameMatcher(globs);
  return (name) => matches(name);
}

export function rulePermits(rules: RuleSet, bare: string, exposed: string): boolean {
  if (rules.deny && (rules.deny(bare) || rules.deny(exposed))) return false;
  if (rules.allow && !(rules.allow(bare) || rules.allow(exposed))) return false;
  return true;
}

// The policy for one view: every enabled server, or one group's members with the group's rules on top.
export function createPolicy(config: GatewayConfig, group?: string): AccessPolicy {
  const servers = new Map(config.servers.map((s) => [s.name, compileRules(s.allow, s.deny)]));
  let members: Set<string> | undefined;
  let groupRules: RuleSet = {};
  if (group !== undefined) {
    const g = config.groups.get(group);
    if (!g) throw unknownGroup(config, group);
    members = new Set(g.servers);
    groupRules = compileRules(g.allow, g.deny);
  }
  return {
    hasServer: (server) => servers.has(server) && (!members || members.has(server)),
    permits(server, bare, exposed) {
      const own = servers.get(server);
      if (!own || (members && !members.has(server))) return false;
      return rulePermits(own, bare, exposed) && rulePermits(groupRules, bare, exposed);
    },
  };
}

export function unknownGroup(config: GatewayConfig, group: string): GatewayError {
  const known = [...config.groups.keys()];
  return new GatewayError(
    'GROUP_NOT_FOUND',
    `unknown group '${group}'; ${known.length > 0 ? `groups in ${config.path ?? 'the config'}: ${known.join(', ')}` : 'the config defines no groups'} (create one with \`gw group create ${group} --servers a,b\`)`,
  );
}
