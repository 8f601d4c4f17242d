// The stdio transport kind: a supervised child process (stdio-process.ts) started with the entry's command, args, env
// and cwd; the same process speaks either era (the era probe decides which client talks to it).
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expandList, expandMap, expandString } from '../../config/expand.js';
import type { StdioServerConfig } from '../../config/schema.js';
import { StdioUpstreamTransport } from './stdio-process.js';
import type { TransportKind } from './types.js';

// The config files of the gateways above this process, passed down to every stdio upstream: a gateway started by
// an entry of its own config (directly or through other gateways) finds itself here and refuses to serve.
export const GATEWAY_CHAIN_ENV = 'FAST_GATEWAY_CHAIN';

export const stdioKind: TransportKind<StdioServerConfig> = {
  eras: ['legacy', 'modern'],
  create(server, options) {
    const { env, additions } = options;
    const chain = env[GATEWAY_CHAIN_ENV];
    const base = { ...(server.inheritEnv ? stringEnv(env) : getDefaultEnvironment()), ...(chain !== undefined && { [GATEWAY_CHAIN_ENV]: chain }) };
    return new StdioUpstreamTransport({
      server: server.name,
      display: server.command,
      command: expandString(server.command, env, { server: server.name, field: 'command' }),
      args: expandList(server.args, env, server.name, 'args'),
      env: { ...base, ...expandMap(server.env, env, server.name, 'env'), ...additions?.env },
      cwd: server.cwd,
      maxMessageBytes: options.maxMessageBytes,
      log: options.log,
      ...(options.onSpawn && { onSpawn: options.onSpawn }),
      ...(options.onDescendants && { onDescendants: options.onDescendants }),
    });
  },
  describe: (server) => [server.command, ...server.args].map(quoteArg).join(' '),
};

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./${}-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
