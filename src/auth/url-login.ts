// A login started while serving (offered to a client through URL-mode elicitation): the authorization URL as soon as
// it is known, the loopback callback and the token exchange finishing in the background; one per server at a time.
import type { RemoteServerConfig } from '../config/schema.js';
import { login } from './login.js';

export interface PendingLogin {
  // Where the user logs in; undefined when no browser step was needed (a kept refresh token was enough).
  url: URL | undefined;
  // Settles when the tokens are stored (or the login failed or timed out: nothing stored).
  done: Promise<void>;
}

const pending = new Map<string, Promise<PendingLogin>>();

export function beginLogin(server: RemoteServerConfig, stateDir: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<PendingLogin> {
  const key = `${stateDir}\u0000${server.name}`;
  const running = pending.get(key);
  if (running) return running;
  const started = new Promise<PendingLogin>((resolve, reject) => {
    const flow: { done?: Promise<void> } = {};
    const done = login(server, {
      stateDir,
      env,
      timeoutMs,
      // Called once discovery and registration are through, so `flow.done` is set by then.
      open: async (url) => resolve({ url, done: flow.done ?? Promise.resolve() }),
    });
    flow.done = done;
    done.then(() => resolve({ url: undefined, done }), reject);
    done.finally(() => pending.delete(key)).catch(() => undefined);
  });
  pending.set(key, started);
  return started;
}
