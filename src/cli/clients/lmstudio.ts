// LM Studio: ~/.lmstudio/mcp.json in Cursor's notation; headers are sent as written (no environment references).
import path from 'node:path';
import { standardClient } from './standard.js';

export const lmstudio = standardClient({
  id: 'lmstudio',
  title: 'LM Studio',
  files: (ctx) => [path.join(ctx.home, '.lmstudio', 'mcp.json')],
});
