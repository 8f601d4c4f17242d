// Our OAuthClientProvider for one remote server: what the SDK's auth() and HTTP transports ask for (client identity,
// tokens, PKCE verifier, discovery), backed by the token store; in a serving gateway it never starts a browser login.
import { randomBytes } from 'node:crypto';
import { refreshAuthorization, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { expandString } from '../config/expand.js';
import type { OAuthConfig, RemoteServerConfig } from '../config/schema.js';
import { GatewayError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../secrets.js';
import { findRecord, putRecordLocked, updateRecord, withStoreLock, type AuthRecord, type Registration } from './store.js';
import { assertAllowedUrl, createGuardedFetch } from './url-policy.js';

// A token this close to expiry is refreshed before it is sent.
const REFRESH_MARGIN_MS = 30_000;
const SERVE_REDIRECT = 'http://127.0.0.1/callback';

export interface AuthProviderOptions {
  server: RemoteServerConfig;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  // 'login' runs the browser flow (gw auth login); 'serve' only uses and refreshes what a login stored.
  mode: 'login' | 'serve';
  redirectUrl?: string;
  onAuthorizationUrl?: (url: URL) => Promise<void>;
  log?: Logger;
}

export type GatewayAuthProvider = OAuthClientProvider & {
  readonly expectedState: string;
  readonly resource: string;
  // After a 401 to `sentAccessToken`: the token to retry with (refreshed once, under the lock, or refreshed meanwhile
  // by another process), or undefined when there is nothing to refresh with.
  refreshAfter401(sentAccessToken: string): Promise<OAuthTokens | undefined>;
  // A 403 insufficient_scope: remembers the wider scope for the next login and returns the error to report.
  stepUp(scope: string | undefined): Promise<GatewayError>;
};

export function oauthOf(server: RemoteServerConfig): OAuthConfig {
  return server.oauth ?? { scopes: [], grant: 'authorization_code' };
}

export function needsLogin(server: string, why = 'it needs an OAuth login'): GatewayError {
  return new GatewayError('AUTH_REQUIRED', `server '${server}': ${why}: run \`gw auth login ${server}\``);
}

export function createAuthProvider(options: AuthProviderOptions): GatewayAuthProvider {
  const { server, stateDir, mode } = options;
  const name = server.name;
  const resource = server.url;
  const oauth = oauthOf(server);
  const machine = oauth.grant === 'client_credentials';
  const fetchFn = createGuardedFetch(name);
  const expectedState = randomBytes(24).toString('base64url');
  let verifier: string | undefined;
  // Login mode keeps discovery in memory and stores it with the tokens: a failed login stores nothing of it.
  let discovered: OAuthDiscoveryState | undefined;
  const record = () => findRecord(stateDir, name, resource);
  const secret = () => {
    if (oauth.clientSecret === undefined) return undefined;
    const value = expandString(oauth.clientSecret, options.env, { server: name, field: 'oauth.clientSecret' });
    registerSecret(value);
    return value;
  };

  const provider: GatewayAuthProvider = {
    expectedState,
    resource,
    get redirectUrl() {
      // Serving never completes a browser login, but needs a redirect URL for auth() to ask for one (and say so).
      return machine ? undefined : (options.redirectUrl ?? (record()?.client as { redirect_uris?: string[] } | undefined)?.redirect_uris?.[0] ?? SERVE_REDIRECT);
    },
    ...(oauth.clientMetadataUrl !== undefined && { clientMetadataUrl: oauth.clientMetadataUrl }),
    get clientMetadata(): OAuthClientMetadata {
      const redirect = options.redirectUrl;
      return {
        client_name: 'fast-gateway',
        redirect_uris: machine || !redirect ? [] : [redirect],
        grant_types: machine ? ['client_credentials'] : ['authorization_code', 'refresh_token'],
        response_types: machine ? [] : ['code'],
        token_endpoint_auth_method: oauth.clientSecret !== undefined ? 'client_secret_basic' : 'none',
        ...(oauth.scopes.length > 0 && { scope: oauth.scopes.join(' ') }),
      };
    },
    state: () => expectedState,
    async stepUp(scope) {
      const wanted = scope ?? 'a wider scope';
      if (scope) await updateRecord(stateDir, name, resource, (r) => (r ? { ...r, stepUpScope: scope, updatedAt: Date.now() } : r));
      return new GatewayError('UPSTREAM_AUTH', `server '${name}': this needs the OAuth scope "${wanted}", wider than the login has: run \`gw auth login ${name}\` (it asks for it)`);
    },
    async refreshAfter401(sent) {
      const r = record();
      if (mode === 'login' || !r?.tokens?.refresh_token) return undefined;
      return refreshLocked(sent);
    },
    // client_credentials: the SDK asks the token endpoint directly (no browser, no redirect).
    ...(machine && {
      prepareTokenRequest: (scope?: string) => new URLSearchParams({ grant_type: 'client_credentials', ...(scope && { scope }) }),
    }),
    clientInformation(): OAuthClientInformationMixed | undefined {
      if (oauth.clientId !== undefined) {
        const clientSecret = secret();
        return { client_id: oauth.clientId, ...(clientSecret !== undefined && { client_secret: clientSecret }) };
      }
      const kept = record()?.client;
      // A registration made for another loopback port cannot take this login's redirect: register again.
      const uris = (kept as { redirect_uris?: string[] } | undefined)?.redirect_uris;
      if (mode === 'login' && options.redirectUrl && uris && uris.length > 0 && !uris.includes(options.redirectUrl)) return undefined;
      return kept;
    },
    async saveClientInformation(info) {
      // A pre-registered client lives in gateway.json; a registered one is kept so registration happens once.
      if (oauth.clientId !== undefined) return;
      const registration: Registration = info.client_id === oauth.clientMetadataUrl ? 'metadata-document' : 'dynamic';
      await updateRecord(stateDir, name, resource, (r) => ({ ...(r ?? { server: name, resource }), client: info, registration, updatedAt: Date.now() }));
    },
    async tokens(): Promise<OAuthTokens | undefined> {
      if (mode === 'login') return undefined;
      const r = record();
      if (!r?.tokens) {
        if (machine) return undefined;
        if (r?.unreadable !== undefined) throw needsLogin(name, `its tokens are in the OS keychain, which cannot be read now (${r.unreadable}); unlock or start it (docs/auth.md), or log in again`);
        throw needsLogin(name);
      }
      if (r.expiresAt !== undefined && r.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
        if (!r.tokens.refresh_token) return machine ? undefined : r.tokens;
        return refreshLocked(r.tokens.access_token);
      }
      return r.tokens;
    },
    async saveTokens(tokens) {
      options.log?.debug('new OAuth tokens stored');
      registerSecret(tokens.access_token);
      if (tokens.refresh_token) registerSecret(tokens.refresh_token);
      await updateRecord(stateDir, name, resource, (r) => toRecord(r, tokens));
    },
    async redirectToAuthorization(url) {
      assertAllowedUrl(name, 'authorization endpoint', url);
      if (mode === 'serve' || !options.onAuthorizationUrl) throw needsLogin(name, 'its authorization expired or was revoked');
      await options.onAuthorizationUrl(url);
    },
    saveCodeVerifier(v) {
      verifier = v;
    },
    codeVerifier() {
      if (verifier === undefined) throw new GatewayError('UPSTREAM_AUTH', `server '${name}': no login is in progress`);
      return verifier;
    },
    saveDiscoveryState(state) {
      checkDiscovery(name, state);
      if (mode === 'serve' && !machine && !record()?.tokens) throw needsLogin(name);
      discovered = state;
    },
    discoveryState() {
      return discovered ?? (mode === 'serve' ? record()?.discovery : undefined);
    },
    async invalidateCredentials(scope) {
      // The authorization server refused what we hold (a revoked refresh token, a deleted client): forget it.
      if (mode === 'login') return;
      await updateRecord(stateDir, name, resource, (r) => {
        if (!r) return undefined;
        const { tokens: _t, expiresAt: _e, ...rest } = r;
        if (scope === 'all' || scope === 'client') delete rest.client;
        return scope === 'verifier' || scope === 'discovery' ? r : { ...rest, updatedAt: Date.now() };
      });
    },
  };

  function toRecord(r: AuthRecord | undefined, tokens: OAuthTokens): AuthRecord {
    const issuer = (tokens as { issuer?: string }).issuer ?? discovered?.authorizationServerUrl ?? r?.issuer;
    return {
      ...(r ?? { server: name, resource }),
      ...(issuer !== undefined && { issuer }),
      registration: oauth.clientId !== undefined ? 'pre-registered' : (r?.registration ?? 'dynamic'),
      tokens,
      ...(tokens.expires_in !== undefined ? { expiresAt: Date.now() + tokens.expires_in * 1000 } : { expiresAt: undefined }),
      ...((discovered ?? r?.discovery) && { discovery: discovered ?? r?.discovery }),
      ...(mode === 'login' && { stepUpScope: undefined }),
      updatedAt: Date.now(),
    } as AuthRecord;
  }

  // Refreshes under the store lock; when another process refreshed meanwhile, its fresh token is used instead.
  async function refreshLocked(seenAccessToken: string): Promise<OAuthTokens> {
    return withStoreLock(stateDir, async () => {
      const r = findRecord(stateDir, name, resource);
      if (r?.tokens && r.tokens.access_token !== seenAccessToken && (r.expiresAt ?? Infinity) > Date.now()) {
        options.log?.debug('another process refreshed the OAuth token; using it');
        return r.tokens;
      }
      options.log?.debug('refreshing the OAuth token before it expires');
      const refreshToken = r?.tokens?.refresh_token;
      const metadata = r?.discovery?.authorizationServerMetadata;
      const client = provider.clientInformation() as OAuthClientInformationMixed | undefined;
      if (!r || !refreshToken || !client || !r.discovery) throw needsLogin(name);
      let tokens: OAuthTokens;
      try {
        tokens = await refreshAuthorization(r.discovery.authorizationServerUrl, {
          ...(metadata && { metadata }),
          clientInformation: client,
          refreshToken,
          resource: new URL(r.discovery.resourceMetadata?.resource ?? resource),
          fetchFn,
        });
      } catch (error) {
        if (/invalid_grant|invalid_client|unauthorized_client/i.test(`${(error as { errorCode?: string }).errorCode ?? ''} ${messageOf(error)}`)) {
          const { tokens: _t, expiresAt: _e, ...rest } = r;
          putRecordLocked(stateDir, name, resource, { ...rest, updatedAt: Date.now() });
          throw needsLogin(name, 'its refresh token was refused (expired or revoked)');
        }
        throw new GatewayError('UPSTREAM_AUTH', `server '${name}': could not refresh its OAuth token (${messageOf(error)}); serving goes on, try again later or run \`gw auth login ${name}\``);
      }
      registerSecret(tokens.access_token);
      if (tokens.refresh_token) registerSecret(tokens.refresh_token);
      // Rotated refresh tokens are stored at once (the old one is void from now on).
      putRecordLocked(stateDir, name, resource, toRecord(r, tokens));
      return tokens;
    });
  }

  return provider;
}

// Every URL discovery produced passes the URL policy, and the metadata names the issuer it was fetched for.
function checkDiscovery(server: string, state: OAuthDiscoveryState): void {
  assertAllowedUrl(server, 'authorization server', state.authorizationServerUrl);
  const m = state.authorizationServerMetadata;
  if (!m) return;
  const trim = (u: string) => u.replace(/\/+$/, '');
  if (typeof m.issuer !== 'string' || trim(m.issuer) !== trim(state.authorizationServerUrl)) {
    throw new GatewayError(
      'UPSTREAM_AUTH',
      `server '${server}': the authorization server metadata names issuer ${JSON.stringify(m.issuer)}, not ${JSON.stringify(state.authorizationServerUrl)} it was fetched for; nothing was stored (ask the server's operator to fix its metadata)`,
    );
  }
  for (const key of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint'] as const) {
    const url = (m as Record<string, unknown>)[key];
    if (typeof url === 'string') assertAllowedUrl(server, key.replace('_', ' '), url);
  }
}
