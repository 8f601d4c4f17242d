// Kiro: ~/.kiro/settings/mcp.json (user) and the workspace's .kiro/settings/mcp.json; `${VAR}` in headers.
import path from 'node:path';
import { standardClient } from './standard.js';

export const kiro = standardClient({
  id: 'kiro',
  title: 'Kiro',
  files: (ctx) => [path.join(ctx.home, '.kiro', 'settings', 'mcp.json'), path.join(ctx.cwd, '.kiro', 'settings', 'mcp.json')],
  headerEnv: (name) => `\${${name}}`,
});
