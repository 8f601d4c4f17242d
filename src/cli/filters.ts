// The --group and --server filters of read commands: an unknown group or server, or a server the group leaves out,
// is an error that says so, instead of an empty listing that reads as "no tools".
import { createPolicy } from '../catalog/rules.js';
import type { GatewayConfig } from '../config/schema.js';
import { GatewayError } from '../errors.js';

export function checkFilters(config: GatewayConfig, group: string | undefined, server: string | undefined): void {
  const policy = group !== undefined ? createPolicy(config, group) : undefined; // unknown group: error listing the groups
  if (server === undefined) return;
  const found = config.servers.find((s) => s.name === server);
  if (!found) {
    throw new GatewayError('SERVER_NOT_FOUND', `unknown server '${server}' (configured: ${config.servers.map((s) => s.name).join(', ') || 'none'})`);
  }
  if (!found.enabled) throw new GatewayError('SERVER_NOT_FOUND', `server '${server}' is disabled; \`gw enable ${server}\` turns it on`);
  if (policy && group !== undefined && !policy.hasServer(server)) {
    const members = config.servers.filter((s) => policy.hasServer(s.name)).map((s) => s.name);
    throw new GatewayError(
      'SERVER_NOT_FOUND',
      `server '${server}' is not in group '${group}' (its servers: ${members.join(', ') || 'none'}); \`gw group add ${group} ${server}\` adds it`,
    );
  }
}
