// VS Code: the user mcp.json (key `servers`) and the workspace's .vscode/mcp.json; `${env:NAME}` in headers.
import path from 'node:path';
import { standardClient } from './standard.js';
import { appDataDir } from './types.js';

export const vscode = standardClient({
  id: 'vscode',
  title: 'VS Code',
  files: (ctx) => [path.join(appDataDir(ctx), 'Code', 'User', 'mcp.json'), path.join(ctx.cwd, '.vscode', 'mcp.json')],
  serversKey: 'servers',
  stdioExtra: { type: 'stdio' },
  httpExtra: { type: 'http' },
  headerEnv: (name) => `\${env:${name}}`,
});
