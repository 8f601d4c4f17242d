// Who a request's bearer token makes it (the client, one group, or the admin) and what each credential may open.
import { readdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { GROUP_NAME_RE } from '../config/schema.js';
import { adminTokenFile, bearerToken, createFileDigest, digest, groupTokenDir, groupTokenFile, type TokenCheck } from './token.js';

export type Credential = { kind: 'client' } | { kind: 'group'; group: string } | { kind: 'admin' };
// What a request asks to open: every server (/mcp, /sse), one group's view, /status, or the admin API.
export type Target = { kind: 'all' } | { kind: 'group'; group: string } | { kind: 'status' } | { kind: 'admin' };

export interface Credentials {
  // The credential a request carries, or undefined when it carries none that is valid (401).
  identify(req: IncomingMessage): Credential | undefined;
}

export interface CredentialsOptions {
  // The client token; undefined with --no-auth (then any request is the client, but never the admin).
  client: TokenCheck | undefined;
  stateDir: string;
  // Whether the admin API is served (only then is the admin token read).
  admin: boolean;
}

export function createCredentials(options: CredentialsOptions): Credentials {
  const { client } = options;
  const admin = options.admin ? createFileDigest(adminTokenFile(options.stateDir)) : undefined;
  const groups = createGroupTokens(options.stateDir);
  return {
    identify(req) {
      const presented = bearerToken(req.headers.authorization);
      if (presented === undefined) return client ? undefined : { kind: 'client' };
      const d = digest(presented);
      const adminDigest = admin?.();
      if (adminDigest && timingSafeEqual(d, adminDigest)) return { kind: 'admin' };
      if (!client || client.matches(d)) return { kind: 'client' };
      const group = groups.find(d);
      return group === undefined ? undefined : { kind: 'group', group };
    },
  };
}

// Why `who` may not open `target` (the text of a 403), or undefined when it may.
export function refusal(who: Credential, target: Target): string | undefined {
  if (target.kind === 'admin') {
    if (who.kind === 'admin') return undefined;
    return 'the admin API needs the admin token (print it with `gw token --admin`); the client token and group tokens never open it';
  }
  if (who.kind === 'admin') return 'the admin token opens only /admin; use the client token (`gw token`) for MCP and /status';
  if (who.kind === 'client') return undefined;
  const scope = `this token is scoped to group "${who.group}": it opens only /mcp/g/${who.group} and /g/${who.group}/sse`;
  if (target.kind === 'group' && target.group === who.group) return undefined;
  if (target.kind === 'status') return `${scope}; /status shows servers outside the group and needs the client token (\`gw token\`)`;
  return `${scope}; ${target.kind === 'group' ? `/mcp/g/${target.group}` : 'every other route'} needs that group's token or the client token`;
}

// The group tokens in <stateDir>/group-tokens/<group>, re-read when a file changes; a new or removed file applies at once.
function createGroupTokens(stateDir: string): { find(presented: Buffer): string | undefined } {
  const dir = groupTokenDir(stateDir);
  const files = new Map<string, () => Buffer | undefined>();
  return {
    find(presented) {
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => GROUP_NAME_RE.test(n));
      } catch {
        return undefined;
      }
      for (const known of files.keys()) if (!names.includes(known)) files.delete(known);
      let found: string | undefined;
      // Every file is compared (no early exit), so the time taken does not tell which group matched.
      for (const name of names) {
        let current = files.get(name);
        if (!current) files.set(name, (current = createFileDigest(groupTokenFile(stateDir, name))));
        const expected = current();
        if (expected && timingSafeEqual(presented, expected) && found === undefined) found = name;
      }
      return found;
    },
  };
}
