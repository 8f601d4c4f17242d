// `gw auth logout`: revokes the stored tokens where the authorization server supports RFC 7009, then deletes them.
import type { RemoteServerConfig } from '../config/schema.js';
import { messageOf } from '../errors.js';
import { createAuthProvider } from './provider.js';
import { deleteServerRecords, readRecords } from './store.js';
import { createGuardedFetch } from './url-policy.js';

export interface LogoutResult {
  deleted: number;
  revoked: number;
  // Why a revocation could not be done (the tokens are deleted here anyway).
  problems: string[];
}

export async function logout(server: RemoteServerConfig, stateDir: string, env: NodeJS.ProcessEnv): Promise<LogoutResult> {
  const fetchFn = createGuardedFetch(server.name);
  const problems: string[] = [];
  let revoked = 0;
  for (const record of readRecords(stateDir).filter((r) => r.server === server.name)) {
    const endpoint = (record.discovery?.authorizationServerMetadata as { revocation_endpoint?: unknown } | undefined)?.revocation_endpoint;
    if (typeof endpoint !== 'string' || !record.tokens) continue;
    const client = createAuthProvider({ server, stateDir, env, mode: 'serve' }).clientInformation() as { client_id: string; client_secret?: string } | undefined;
    for (const [token, hint] of [
      [record.tokens.refresh_token, 'refresh_token'],
      [record.tokens.access_token, 'access_token'],
    ] as const) {
      if (!token || !client) continue;
      const body = new URLSearchParams({ token, token_type_hint: hint });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (client.client_secret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;
      else body.set('client_id', client.client_id);
      try {
        const response = await fetchFn(endpoint, { method: 'POST', headers, body });
        await response.body?.cancel().catch(() => undefined);
        if (response.ok) revoked++;
        else problems.push(`revocation of the ${hint.replace('_', ' ')} answered HTTP ${response.status}`);
      } catch (error) {
        problems.push(`revocation failed: ${messageOf(error)}`);
      }
    }
  }
  const gone = await deleteServerRecords(stateDir, server.name);
  problems.push(...gone.problems);
  return { deleted: gone.records.length, revoked, problems };
}
