// Claude Desktop: claude_desktop_config.json in the app's data folder; stdio entries only (remote servers are added
// in the app under Settings > Connectors).
import path from 'node:path';
import { standardClient } from './standard.js';
import { appDataDir } from './types.js';

export const claudeDesktop = standardClient({
  id: 'claude',
  title: 'Claude Desktop',
  files: (ctx) => [path.join(appDataDir(ctx), 'Claude', 'claude_desktop_config.json')],
  noHttp:
    'Claude Desktop reads only local (stdio) servers from its config file; add a remote gateway in the app under Settings > Connectors, or install without --http',
});
