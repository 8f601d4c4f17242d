// The one small interface every MCP client behind `gw install` and `gw import` implements, and the paths they share.
import path from 'node:path';

export type FileFormat = 'json' | 'toml' | 'yaml';

// Where a client's files are looked up: injectable so tests and other platforms can be described.
export interface ClientEnv {
  home: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

// What the gateway entry must launch: this gateway over stdio, or a running `gw serve --http` at a URL.
export type GatewayLaunch =
  | { kind: 'stdio'; command: string; args: string[] }
  | { kind: 'http'; url: string; tokenEnv: string; token?: string };

// A client's entry for the gateway, plus what the user must still do (a placeholder to fill in, a variable to export).
export interface ClientEntry {
  entry: Record<string, unknown>;
  notes?: string[];
}

export interface ClientDef {
  // The word on the command line (`gw install gemini`).
  id: string;
  title: string;
  format: FileFormat;
  // The key path to the map of servers inside the file (`mcpServers`, `mcp_servers`, `extensions`...).
  serversPath: string[];
  // Every config file the client reads, the user-wide one first: `gw install` writes that one, `gw import` reads all.
  files(ctx: ClientEnv): string[];
  toEntry(launch: GatewayLaunch, name: string): ClientEntry;
  // One of the client's entries in gateway.json's mcpServers shape, or why it cannot be imported.
  fromEntry(raw: Record<string, unknown>): Record<string, unknown> | { unsupported: string };
  // How the client's config refers to an environment variable in a header, or undefined when it cannot.
  headerEnv?: (name: string) => string;
}

export function defineClient(def: ClientDef): ClientDef {
  return def;
}

// Electron's appData: ~/Library/Application Support, %APPDATA%, or $XDG_CONFIG_HOME (default ~/.config).
export function appDataDir(ctx: ClientEnv): string {
  if (ctx.platform === 'darwin') return path.join(ctx.home, 'Library', 'Application Support');
  if (ctx.platform === 'win32') return ctx.env.APPDATA || path.join(ctx.home, 'AppData', 'Roaming');
  return xdgConfigDir(ctx);
}

// $XDG_CONFIG_HOME or ~/.config (used on every OS by the CLIs that follow the XDG layout: opencode, Zed on Linux).
export function xdgConfigDir(ctx: ClientEnv): string {
  return ctx.env.XDG_CONFIG_HOME || path.join(ctx.home, '.config');
}

// The header value that sends the gateway's bearer token: in the client's env syntax, else a placeholder (or the
// token itself when the user passed --token), with a note saying what the user must still do.
export function bearerHeader(
  def: Pick<ClientDef, 'title' | 'headerEnv'>,
  launch: Extract<GatewayLaunch, { kind: 'http' }>,
): { value: string; note: string } {
  if (launch.token !== undefined)
    return { value: `Bearer ${launch.token}`, note: 'the token is written into the file as you passed it (--token): keep the file private' };
  if (def.headerEnv)
    return {
      value: `Bearer ${def.headerEnv(launch.tokenEnv)}`,
      note: `${def.title} takes the token from $${launch.tokenEnv}: set it where ${def.title} starts, e.g. export ${launch.tokenEnv}="$(gw token)"`,
    };
  return {
    value: `Bearer ${TOKEN_PLACEHOLDER}`,
    note: `${def.title} cannot take a header from the environment: replace ${TOKEN_PLACEHOLDER} in the file with the output of \`gw token\` (or install again with --token)`,
  };
}

export const TOKEN_PLACEHOLDER = '<paste the output of gw token>';
// The variable HTTP entries take the gateway's token from (the same one `gw serve --http` reads).
export const GW_TOKEN_ENV = 'GW_TOKEN';

// Plain objects from a parsed config, whatever the format produced.
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
