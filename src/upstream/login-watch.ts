// Watches the OAuth token store for an upstream in needs-login: a newer store means someone ran `gw auth login`.
import { unwatchFile, watchFile } from 'node:fs';
import { storeChangedAt, tokenStorePath } from '../auth/store.js';

export interface LoginWatch {
  // Notes the store as it is now and starts watching (onChange fires once it changes).
  arm(): void;
  // Whether the store changed since arm().
  changed(): boolean;
  stop(): void;
}

export function createLoginWatch(stateDir: string | undefined, onChange: () => void): LoginWatch {
  let seen = 0;
  let file: string | undefined;
  const listener = () => {
    if (watch.changed()) onChange();
  };
  const watch: LoginWatch = {
    arm() {
      if (stateDir === undefined) return;
      seen = storeChangedAt(stateDir);
      if (file) return;
      file = tokenStorePath(stateDir);
      watchFile(file, { interval: 250, persistent: false }, listener);
    },
    changed: () => stateDir !== undefined && storeChangedAt(stateDir) > seen,
    stop() {
      if (file) unwatchFile(file, listener);
      file = undefined;
    },
  };
  return watch;
}
