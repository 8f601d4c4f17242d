// What each credential may open (refusal) and which tokens a client can send (tokenProblem): pure checks, no processes.
import { describe, expect, it } from 'vitest';
import { tokenProblem } from '../../src/http/client-token.js';
import { refusal, type Credential, type Target } from '../../src/http/credentials.js';

const CLIENT: Credential = { kind: 'client' };
const ADMIN: Credential = { kind: 'admin' };
const DEV: Credential = { kind: 'group', group: 'dev' };
const TARGETS: Target[] = [{ kind: 'all' }, { kind: 'group', group: 'dev' }, { kind: 'group', group: 'ops' }, { kind: 'status' }, { kind: 'admin' }];

describe('refusal', () => {
  it('lets each credential open exactly its routes', () => {
    const opens = (who: Credential) => TARGETS.filter((t) => refusal(who, t) === undefined);
    expect(opens(CLIENT)).toEqual([{ kind: 'all' }, { kind: 'group', group: 'dev' }, { kind: 'group', group: 'ops' }, { kind: 'status' }]);
    expect(opens(DEV)).toEqual([{ kind: 'group', group: 'dev' }]);
    expect(opens(ADMIN)).toEqual([{ kind: 'admin' }]);
  });

  it('says which credential is needed', () => {
    expect(refusal(CLIENT, { kind: 'admin' })).toMatch(/gw token --admin/);
    expect(refusal(DEV, { kind: 'status' })).toMatch(/needs the client token/);
    expect(refusal(DEV, { kind: 'group', group: 'ops' })).toMatch(/scoped to group "dev".*\/mcp\/g\/ops needs that group's token/);
    expect(refusal(ADMIN, { kind: 'all' })).toMatch(/opens only \/admin/);
  });
});

describe('tokenProblem', () => {
  it('accepts what `gw token` generates anywhere, and short sendable tokens on loopback only', () => {
    expect(tokenProblem('YNsLCh280iuboVnkNobh6ASEy9Zfrz8yKYxMZKxDDlg', false)).toBeUndefined();
    expect(tokenProblem('abc.DEF~1+2/3==', true)).toBeUndefined();
    expect(tokenProblem('x', false)).toMatch(/1 characters long.*at least 32/);
  });

  it('refuses characters a client cannot send in Authorization: Bearer, on any bind', () => {
    for (const bad of ['a b', 'tab\there', 'quote"d', 'pässwort'.repeat(5), 'x=y', 'semi;colon'.repeat(4)]) {
      expect(tokenProblem(bad, true), bad).toMatch(/cannot send/);
    }
  });
});
