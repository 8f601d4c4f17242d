// Windsurf: ~/.codeium/windsurf/mcp_config.json on every OS; remote servers under `serverUrl`, `${env:NAME}` in headers.
import path from 'node:path';
import { standardClient } from './standard.js';

export const windsurf = standardClient({
  id: 'windsurf',
  title: 'Windsurf',
  files: (ctx) => [path.join(ctx.home, '.codeium', 'windsurf', 'mcp_config.json')],
  urlKey: 'serverUrl',
  headerEnv: (name) => `\${env:${name}}`,
});
