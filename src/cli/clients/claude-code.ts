// Claude Code: ~/.claude.json (user) and the project's .mcp.json; entries carry an explicit type, and `${VAR}` is
// expanded in headers.
import path from 'node:path';
import { standardClient } from './standard.js';

export const claudeCode = standardClient({
  id: 'claude-code',
  title: 'Claude Code',
  files: (ctx) => [path.join(ctx.home, '.claude.json'), path.join(ctx.cwd, '.mcp.json')],
  stdioExtra: { type: 'stdio' },
  httpExtra: { type: 'http' },
  headerEnv: (name) => `\${${name}}`,
});
