// GitHub Copilot CLI: ~/.copilot/mcp-config.json ($COPILOT_HOME moves it); entries carry a type and a tool list,
// and `${VAR}` is expanded in headers.
import path from 'node:path';
import { standardClient } from './standard.js';

export const copilot = standardClient({
  id: 'copilot',
  title: 'GitHub Copilot CLI',
  files: (ctx) => [path.join(ctx.env.COPILOT_HOME || path.join(ctx.home, '.copilot'), 'mcp-config.json')],
  stdioExtra: { type: 'local', tools: ['*'] },
  httpExtra: { type: 'http', tools: ['*'] },
  headerEnv: (name) => `\${${name}}`,
});
