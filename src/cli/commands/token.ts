// `gw token [--rotate]`: prints the bearer token `gw serve --http` uses by default, generating it (0600) on first use.
import type { CAC } from 'cac';
import { readOrCreateToken } from '../../http/token.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { note, print } from '../output.js';

interface TokenOptions extends GlobalOptions {
  rotate?: boolean;
}

export function registerToken(cli: CAC): void {
  cli
    .command('token', 'Print the bearer token for `gw serve --http` (generated and stored 0600 in the state directory)')
    .option('--rotate', 'Replace it with a new one (running gateways accept only the new one at once)')
    .example('curl -H "Authorization: Bearer $(gw token)" http://127.0.0.1:7400/status')
    .action(async (options: TokenOptions) => {
      const { config } = await readConfig(options);
      const { token, file, created } = readOrCreateToken(config.settings.stateDir, { rotate: options.rotate === true });
      if (created) note(`gw: ${options.rotate ? 'rotated' : 'generated'} the token in ${file}`);
      if (process.env.GW_TOKEN) note('gw: note: $GW_TOKEN is set, so a gateway started from this environment uses it instead of this token');
      print(token);
    });
}
