// Keeps a gateway out of its own config: `gw import` skips entries that launch a gateway, `gw doctor` flags them, and
// every gateway passes the configs above it down to its upstreams so one started by its own config refuses to serve.
import path from 'node:path';
import { GatewayError } from '../errors.js';
import { GATEWAY_CHAIN_ENV } from '../upstream/transport.js';
import { GW_MAIN } from '../version.js';

// An entry that launches a gateway (`gw serve`, `npx fast-gateway`, this installation's main.js).
export function launchesGateway(entry: Record<string, unknown>): boolean {
  const words = [entry.command, ...(Array.isArray(entry.args) ? entry.args : [])].filter((w): w is string => typeof w === 'string');
  const names = words.map((w) => w.replace(/\\/g, '/'));
  const isGateway = names.some((w) => w === GW_MAIN.replace(/\\/g, '/') || /(^|\/)(gw|fast-gateway|fast-mcp-gateway)(@[^/]*)?$/.test(w) || /\/dist\/cli\/main\.js$/.test(w));
  return isGateway && (names.includes('serve') || names.some((w) => /(^|\/)fast(-mcp)?-gateway(@[^/]*)?$/.test(w)));
}

// Refuses to serve a config that one of the gateways above this process already serves: an entry of gateway.json
// that runs `gw serve` on the same file would otherwise start gateways without end.
export function enterGatewayChain(configPath: string): void {
  const self = path.resolve(configPath);
  const chain = (process.env[GATEWAY_CHAIN_ENV] ?? '').split(path.delimiter).filter(Boolean);
  if (chain.includes(self)) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `not serving ${self}: this gateway was started by a server entry of that same config, which would start gateways without end. Remove the entry that runs \`gw serve\` (or npx fast-mcp-gateway) from it.`,
    );
  }
  process.env[GATEWAY_CHAIN_ENV] = [...chain, self].join(path.delimiter);
}
