// `gw token [--admin | --group NAME] [--rotate]`: prints a bearer token of `gw serve --http` (client, admin or one group's), generating it (0600) on first use.
import type { CAC } from 'cac';
import { GatewayError } from '../../errors.js';
import { adminTokenFile, groupTokenFile, readOrCreateToken, tokenFile } from '../../http/token.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { note, print } from '../output.js';
import { usageError } from '../usage.js';

interface TokenOptions extends GlobalOptions {
  rotate?: boolean;
  admin?: boolean;
  group?: unknown;
}

export function registerToken(cli: CAC): void {
  cli
    .command('token', 'Print a bearer token for `gw serve --http`: the client token (default), the admin token, or a group token (each generated and stored 0600 in the state directory)')
    .option('--admin', 'The admin token: the only one that opens /admin (served with `gw serve --http --admin`)')
    .option('--group <name>', 'A token that opens only this group (/mcp/g/NAME and /g/NAME/sse)')
    .option('--rotate', 'Replace it with a new one (running gateways accept only the new one at once)')
    .example('curl -H "Authorization: Bearer $(gw token)" http://127.0.0.1:7400/status')
    .example('gw token --group dev     # give this one to a client that should see only the dev group')
    .action(async (options: TokenOptions) => {
      if (options.admin && options.group !== undefined) throw usageError('give either --admin or --group, not both');
      if (options.group !== undefined && (typeof options.group !== 'string' || options.group === '')) throw usageError('--group needs a group name');
      const { config } = await readConfig(options);
      const { stateDir } = config.settings;
      const group = options.group as string | undefined;
      if (group !== undefined && !config.groups.has(group)) {
        const known = [...config.groups.keys()].join(', ') || 'none; create one with `gw group create`';
        throw new GatewayError('GROUP_NOT_FOUND', `no group named ${JSON.stringify(group)} in ${config.path ?? 'the config'} (groups: ${known})`);
      }
      const file = options.admin ? adminTokenFile(stateDir) : group !== undefined ? groupTokenFile(stateDir, group) : tokenFile(stateDir);
      const kind = options.admin ? 'admin token' : group !== undefined ? `token of group ${group}` : 'token';
      const { token, created } = readOrCreateToken(file, { rotate: options.rotate === true });
      if (created) note(`gw: ${options.rotate ? 'rotated' : 'generated'} the ${kind} in ${file}`);
      if (!options.admin && group === undefined && process.env.GW_TOKEN) {
        note('gw: note: $GW_TOKEN is set, so a gateway started from this environment uses it instead of this token');
      }
      print(token);
    });
}
