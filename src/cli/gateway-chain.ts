// Keeps a gateway out of its own config: `gw import` skips entries that launch a gateway, `gw doctor` flags them, and
// every gateway passes the configs above it down to its upstreams so one started by its own config refuses to serve.
import path from 'node:path';
import { GatewayError } from '../errors.js';
import { GATEWAY_CHAIN_ENV } from '../upstream/transport.js';
import { GW_MAIN, PACKAGE_NAME } from '../version.js';
import { GW_TOKEN_ENV, TOKEN_PLACEHOLDER } from './clients/types.js';

// The package's npm names, today's and the one entries written before the rename still carry.
const PACKAGE = new RegExp(`(^|/)(${[PACKAGE_NAME, 'fast-gateway'].map((n) => n.replace(/[-.]/g, '\\$&')).join('|')})(@[^/]*)?$`);

// An entry that launches a gateway (`gw serve`, `npx fast-mcp-gateway`, this installation's main.js).
export function launchesGateway(entry: Record<string, unknown>): boolean {
  const words = [entry.command, ...(Array.isArray(entry.args) ? entry.args : [])].filter((w): w is string => typeof w === 'string');
  const names = words.map((w) => w.replace(/\\/g, '/'));
  const isGateway = names.some((w) => w === GW_MAIN.replace(/\\/g, '/') || /(^|\/)gw(@[^/]*)?$/.test(w) || PACKAGE.test(w) || /\/dist\/cli\/main\.js$/.test(w));
  return isGateway && (names.includes('serve') || names.some((w) => PACKAGE.test(w)));
}

// An HTTP entry `gw install --http` wrote: its header names the gateway's token variable or placeholder.
export function connectsToGateway(entry: Record<string, unknown>): boolean {
  return typeof entry.url === 'string' && (JSON.stringify(entry.headers ?? {}).includes(GW_TOKEN_ENV) || JSON.stringify(entry.headers ?? {}).includes(TOKEN_PLACEHOLDER));
}

// Refuses to serve a config that one of the gateways above this process already serves: an entry of gateway.json
// that runs `gw serve` on the same file would otherwise start gateways without end.
export function enterGatewayChain(configPath: string): void {
  const self = path.resolve(configPath);
  const chain = (process.env[GATEWAY_CHAIN_ENV] ?? '').split(path.delimiter).filter(Boolean);
  if (chain.includes(self)) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `not serving ${self}: this gateway was started by a server entry of that same config, which would start gateways without end. Remove the entry that runs \`gw serve\` (or npx ${PACKAGE_NAME}) from it.`,
    );
  }
  process.env[GATEWAY_CHAIN_ENV] = [...chain, self].join(path.delimiter);
}
