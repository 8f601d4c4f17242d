// Offers the OAuth login of a needs-login server through URL-mode elicitation (2025-11-25) when the client declares
// it: the user opens the link, the login completes on the gateway's loopback callback, and the call is tried again.
import { randomUUID } from 'node:crypto';
import { beginLogin } from '../auth/url-login.js';
import { isGatewayError } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { SessionInfo } from '../pipeline/types.js';
import type { ServerView } from '../upstream/pool.js';

export type SendNotification = (n: { method: 'notifications/elicitation/complete'; params: { elicitationId: string } }) => Promise<void>;

// True when the login went through and the call may be sent again; false when it does not apply (another error, a
// client without URL elicitation, a server without OAuth) or the user declined: the original error then stands.
export type LoginOffer = (upstream: ServerView, error: unknown, signal: AbortSignal, notify?: SendNotification) => Promise<boolean>;

export function createLoginOffer(gateway: Gateway, session: SessionInfo): LoginOffer {
  return async function offerLogin(upstream, error, signal, notify) {
    const config = upstream.config;
    if (!isGatewayError(error, 'AUTH_REQUIRED') || config.kind === 'stdio' || !config.oauth) return false;
    if (!session.capabilities.elicitation?.url) return false;
    const started = await beginLogin(config, gateway.config.settings.stateDir, process.env);
    if (started.url) {
      const elicitationId = randomUUID();
      const answer = await session.elicit(
        {
          mode: 'url',
          elicitationId,
          url: started.url.href,
          message: `Server '${upstream.name}' needs a login. Open the link to log in; the call goes on once the login is done (or run \`gw auth login ${upstream.name}\`).`,
        },
        { signal },
      );
      if (answer.action !== 'accept') return false;
      await abortable(started.done, signal);
      await notify?.({ method: 'notifications/elicitation/complete', params: { elicitationId } }).catch(() => undefined);
    } else {
      await abortable(started.done, signal);
    }
    return true;
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
