// The OS keychain (macOS Keychain, Windows Credential Manager, a Linux Secret Service such as gnome-keyring or
// KWallet) through @napi-rs/keyring: whether one can be reached, and one secret per account under one service name.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as KeyringBinding from '@napi-rs/keyring';
import { messageOf } from '../errors.js';

// The service every entry is filed under (what a keychain viewer shows, and `secret-tool search service ...`).
export const KEYCHAIN_SERVICE = 'fast-mcp-gateway';

export interface Keychain {
  get(account: string): string | undefined;
  set(account: string, secret: string): void;
  // Whether there was an entry to delete.
  delete(account: string): boolean;
  // Every account filed under the service.
  accounts(): string[];
}

export type KeychainProbe = { ok: true; keychain: Keychain } | { ok: false; reason: string };

type Binding = typeof KeyringBinding;

// On Linux only the Secret Service: the package would otherwise fall back to the kernel keyring, which forgets
// everything at logout or reboot (the 0600 file is the better fallback).
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };
const PROBE_ACCOUNT = 'probe';

let found: Keychain | undefined;

// The keychain, or why there is none. A keychain found is kept for the process; a miss is asked again next time (a
// keychain may be unlocked or a Secret Service started meanwhile).
export function probeKeychain(): KeychainProbe {
  if (found) return { ok: true, keychain: found };
  const bus = sessionBusProblem();
  if (bus) return { ok: false, reason: bus };
  let binding: Binding;
  try {
    binding = createRequire(import.meta.url)('@napi-rs/keyring') as Binding;
  } catch (error) {
    return { ok: false, reason: `the keychain binding @napi-rs/keyring could not be loaded (${messageOf(error)})` };
  }
  const entry = (account: string) => new binding.Entry(KEYCHAIN_SERVICE, account, ENTRY_OPTIONS);
  try {
    // Reading an entry that does not exist asks the keychain without prompting or unlocking anything.
    entry(PROBE_ACCOUNT).getPassword();
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
  found = {
    get: (account) => entry(account).getPassword() ?? undefined,
    set: (account, secret) => entry(account).setPassword(secret),
    delete: (account) => entry(account).deletePassword(),
    accounts: () => binding.findCredentials(KEYCHAIN_SERVICE).map((c) => c.account),
  };
  return { ok: true, keychain: found };
}

// Linux: the Secret Service is reached over the D-Bus session bus. A process started with a trimmed environment (MCP
// clients often pass only HOME and PATH) is pointed at the bus at its standard place, $XDG_RUNTIME_DIR/bus.
function sessionBusProblem(): string | undefined {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  const runtime = process.env.XDG_RUNTIME_DIR ?? (process.getuid ? `/run/user/${process.getuid()}` : undefined);
  const socket = runtime === undefined ? undefined : path.join(runtime, 'bus');
  if (socket === undefined || !existsSync(socket)) return 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no $XDG_RUNTIME_DIR/bus)';
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${socket}`;
  return undefined;
}
