// The loopback redirect target of a browser login: http://127.0.0.1:<ephemeral>/callback, exact path, state checked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError } from '../errors.js';

export interface Callback {
  redirectUrl: string;
  // The authorization code, once the browser comes back with the expected state.
  code: (expectedState: string, timeoutMs: number) => Promise<string>;
  close: () => void;
}

// `port`: the one a kept registration names (its redirect URI must match exactly); any free port when it is taken.
export async function startCallback(server: string, port = 0): Promise<Callback> {
  let settle: ((result: { code?: string; state?: string; error?: string }) => void) | undefined;
  const arrived = new Promise<{ code?: string; state?: string; error?: string }>((resolve) => (settle = resolve));
  // One login, one redirect: a second one (a replayed code or state) is refused and changes nothing.
  let used = false;
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404).end('not found');
      return;
    }
    if (used) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`This login callback for ${server} was already used; a second redirect is refused and changes nothing. Run \`gw auth login ${server}\` to log in again.`);
      return;
    }
    used = true;
    const p = url.searchParams;
    const error = p.get('error');
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(error ? `Login for ${server} failed: ${error}. You can close this window.` : `Login for ${server} received. You can close this window.`);
    settle?.({ ...(p.get('code') !== null && { code: p.get('code') as string }), ...(p.get('state') !== null && { state: p.get('state') as string }), ...(error !== null && { error }) });
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(p, '127.0.0.1', () => resolve());
    });
  await listen(port).catch(() => listen(0));
  const bound = (http.address() as AddressInfo).port;
  return {
    redirectUrl: `http://127.0.0.1:${bound}/callback`,
    async code(expectedState, timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GatewayError('UPSTREAM_AUTH', `server '${server}': no login came back within ${Math.round(timeoutMs / 1000)} s; run \`gw auth login ${server}\` again`)), timeoutMs);
      });
      try {
        const result = await Promise.race([arrived, timeout]);
        if (result.error) throw new GatewayError('UPSTREAM_AUTH', `server '${server}': the authorization server refused the login (${result.error}); nothing was stored`);
        if (result.state !== expectedState) throw new GatewayError('UPSTREAM_AUTH', `server '${server}': the login came back with a foreign state (a forged or stale redirect); nothing was stored; run \`gw auth login ${server}\` again`);
        if (!result.code) throw new GatewayError('UPSTREAM_AUTH', `server '${server}': the login came back without an authorization code; nothing was stored`);
        return result.code;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => {
      http.closeAllConnections();
      http.close();
    },
  };
}
