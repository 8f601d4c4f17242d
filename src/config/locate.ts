// Finds gateway.json: --config PATH > $GW_CONFIG > ./gateway.json > $XDG_CONFIG_HOME/fast-gateway/gateway.json.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GatewayError } from '../errors.js';

export interface LocatedConfig {
  path: string;
  // Which rule chose it, for "using <path> (from $GW_CONFIG)" messages.
  source: '--config' | '$GW_CONFIG' | './gateway.json' | 'user config';
  exists: boolean;
}

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'fast-gateway', 'gateway.json');
}

// Resolves where the config is (or would be created); never throws.
export function locateConfig(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LocatedConfig {
  if (explicit) {
    const p = path.resolve(cwd, explicit);
    return { path: p, source: '--config', exists: existsSync(p) };
  }
  if (env.GW_CONFIG) {
    const p = path.resolve(cwd, env.GW_CONFIG);
    return { path: p, source: '$GW_CONFIG', exists: existsSync(p) };
  }
  const local = path.join(cwd, 'gateway.json');
  if (existsSync(local)) return { path: local, source: './gateway.json', exists: true };
  const user = userConfigPath(env);
  if (existsSync(user)) return { path: user, source: 'user config', exists: true };
  return { path: local, source: './gateway.json', exists: false };
}

// The error for a missing config: where we looked and how to make one.
export function configNotFound(located: LocatedConfig, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): GatewayError {
  const looked =
    located.source === '--config' || located.source === '$GW_CONFIG'
      ? [`${located.path} (${located.source})`]
      : [path.join(cwd, 'gateway.json'), userConfigPath(env)];
  return new GatewayError(
    'CONFIG_NOT_FOUND',
    `no gateway.json found; looked in:\n  ${looked.join('\n  ')}\n` +
      `Create one with \`gw add NAME -- COMMAND [ARGS...]\` or \`gw import --from claude\`, or pass --config PATH.`,
  );
}
