// Cursor: ~/.cursor/mcp.json (user) and the project's .cursor/mcp.json; `${env:NAME}` is interpolated in headers.
import path from 'node:path';
import { standardClient } from './standard.js';

export const cursor = standardClient({
  id: 'cursor',
  title: 'Cursor',
  files: (ctx) => [path.join(ctx.home, '.cursor', 'mcp.json'), path.join(ctx.cwd, '.cursor', 'mcp.json')],
  headerEnv: (name) => `\${env:${name}}`,
});
