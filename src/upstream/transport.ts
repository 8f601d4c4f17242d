// Builds the SDK transport for one upstream entry: expands ${VAR}s, merges preConnect additions, picks stdio / Streamable HTTP / SSE.
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { expandList, expandMap, expandString } from '../config/expand.js';
import type { ServerConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { ProcessId } from './descendants.js';
import { isSecretName, registerCredential } from '../secrets.js';
import { transportAuth } from '../auth/transport-auth.js';
import { StdioUpstreamTransport } from './stdio-transport.js';

// What preConnect hooks may add to a connection.
export interface ConnectAdditions {
  headers?: Record<string, string>;
  env?: Record<string, string>;
  timeout?: number;
}

export interface TransportOptions {
  env: NodeJS.ProcessEnv;
  log: Logger;
  maxMessageBytes: number;
  // Where the OAuth token store lives (remote servers that log in); without it no OAuth is attempted.
  stateDir?: string;
  additions?: ConnectAdditions;
  onSpawn?: (pid: number) => void;
  onDescendants?: (pid: number, descendants: ProcessId[]) => void;
}

// The config files of the gateways above this process, passed down to every stdio upstream: a gateway started by
// an entry of its own config (directly or through other gateways) finds itself here and refuses to serve.
export const GATEWAY_CHAIN_ENV = 'FAST_GATEWAY_CHAIN';

export function createTransport(server: ServerConfig, options: TransportOptions): Transport {
  const { env, additions } = options;
  // Literal credentials (a GITHUB_TOKEN written into the entry, an Authorization header, a hook's headers) are masked
  // like ${VAR} values; expandString registers those.
  const literal = server.kind === 'stdio' ? server.env : server.headers;
  for (const [name, value] of [...Object.entries(literal), ...Object.entries({ ...additions?.headers, ...additions?.env })]) {
    if (isSecretName(name)) registerCredential(value);
  }
  if (server.kind === 'stdio') {
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
  }
  const url = new URL(expandString(server.url, env, { server: server.name, field: 'url' }));
  if (url.password) registerCredential(decodeURIComponent(url.password));
  for (const [name, value] of url.searchParams) if (isSecretName(name)) registerCredential(value);
  // Headers from hooks override the entry's static headers.
  const headers = { ...expandMap(server.headers, env, server.name, 'headers'), ...additions?.headers };
  const auth = transportAuth(server, options.stateDir, env, options.log);
  if (server.kind === 'sse') return new SSEClientTransport(url, { requestInit: { headers }, ...auth });
  return new StreamableHTTPClientTransport(url, { requestInit: { headers }, ...auth });
}

// A printable description of where an upstream runs, with secrets left unexpanded.
export function describeTarget(server: ServerConfig): string {
  if (server.kind === 'stdio') return [server.command, ...server.args].map(quoteArg).join(' ');
  return `${server.url} (${server.kind === 'sse' ? 'SSE' : 'Streamable HTTP'})`;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./${}-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
