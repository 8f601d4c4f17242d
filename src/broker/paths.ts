// Where the broker lives: a private directory (0700, owned by this user) holding its socket, lock, log and child records.
import { lstatSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { GatewayError } from '../errors.js';
import { PRIVATE_DIR_MODE } from '../state-dir.js';

export interface BrokerPaths {
  dir: string;
  socket: string;
  lock: string;
  log: string;
}

// $GW_BROKER_DIR, else $XDG_RUNTIME_DIR/fast-gateway (per user, on a tmpfs), else <stateDir>/broker.
export function brokerPaths(stateDir: string, env: NodeJS.ProcessEnv = process.env): BrokerPaths {
  const dir = env.GW_BROKER_DIR
    ? path.resolve(env.GW_BROKER_DIR)
    : env.XDG_RUNTIME_DIR
      ? path.join(env.XDG_RUNTIME_DIR, 'fast-gateway')
      : path.join(stateDir, 'broker');
  return {
    dir,
    socket: path.join(dir, 'broker.sock'),
    lock: path.join(dir, 'broker.lock'),
    log: path.join(dir, 'broker.log'),
  };
}

// Creates the directory 0700 and refuses one that another user owns or others can enter: Node cannot read a Unix
// socket peer's uid (no SO_PEERCRED), so a same-user 0700 directory is what keeps other users from the socket.
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory())
    throw new GatewayError('BROKER_UNAVAILABLE', `${dir} is not a directory; remove it or set GW_BROKER_DIR`);
  if (uid !== undefined && stat.uid !== uid) {
    throw new GatewayError(
      'BROKER_UNAVAILABLE',
      `${dir} belongs to uid ${stat.uid}, not to this user (${uid}); set GW_BROKER_DIR to a directory of yours`,
    );
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, PRIVATE_DIR_MODE);
}
