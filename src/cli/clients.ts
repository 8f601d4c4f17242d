// Where MCP clients (Claude Desktop, Cursor, VS Code, Claude Code) keep their server lists on this OS, for import and install.
import os from 'node:os';
import path from 'node:path';

export const CLIENTS = ['claude', 'cursor', 'vscode', 'claude-code'] as const;
export type ClientName = (typeof CLIENTS)[number];

export interface ClientConfigFile {
  path: string;
  // VS Code calls the map `servers`; everyone else `mcpServers`.
  key: 'mcpServers' | 'servers';
  scope: 'user' | 'project';
}

export interface ClientEnv {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  platform?: NodeJS.Platform;
  home?: string;
}

export function isClient(name: string): name is ClientName {
  return (CLIENTS as readonly string[]).includes(name);
}

// Every config file a client reads, the user-wide file first (that is the one `gw install` edits).
export function clientFiles(client: ClientName, ctx: ClientEnv = {}): ClientConfigFile[] {
  const home = ctx.home ?? os.homedir();
  const cwd = ctx.cwd ?? process.cwd();
  const appData = appDataDir(home, ctx.env ?? process.env, ctx.platform ?? process.platform);
  switch (client) {
    case 'claude':
      return [
        {
          path: path.join(appData, 'Claude', 'claude_desktop_config.json'),
          key: 'mcpServers',
          scope: 'user',
        },
      ];
    case 'cursor':
      return [
        { path: path.join(home, '.cursor', 'mcp.json'), key: 'mcpServers', scope: 'user' },
        { path: path.join(cwd, '.cursor', 'mcp.json'), key: 'mcpServers', scope: 'project' },
      ];
    case 'vscode':
      return [
        { path: path.join(appData, 'Code', 'User', 'mcp.json'), key: 'servers', scope: 'user' },
        { path: path.join(cwd, '.vscode', 'mcp.json'), key: 'servers', scope: 'project' },
      ];
    case 'claude-code':
      return [
        { path: path.join(home, '.claude.json'), key: 'mcpServers', scope: 'user' },
        { path: path.join(cwd, '.mcp.json'), key: 'mcpServers', scope: 'project' },
      ];
  }
}

// The file `gw install` writes for a client: its user-wide config.
export function userClientFile(client: ClientName, ctx: ClientEnv = {}): ClientConfigFile {
  return clientFiles(client, ctx)[0] as ClientConfigFile;
}

// Electron's appData: ~/Library/Application Support, %APPDATA%, or $XDG_CONFIG_HOME (default ~/.config).
function appDataDir(home: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  if (platform === 'win32') return env.APPDATA || path.join(home, 'AppData', 'Roaming');
  return env.XDG_CONFIG_HOME || path.join(home, '.config');
}
