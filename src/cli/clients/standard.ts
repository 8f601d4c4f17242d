// The `mcpServers`-style JSON entry most clients share (command/args/env or url/headers), as one factory the small
// per-client files configure, and the mapping of such entries into gateway.json's shape for `gw import`.
import { usageError } from '../usage.js';
import { bearerHeader, defineClient, type ClientDef, type ClientEnv, type GatewayLaunch } from './types.js';

export interface StandardOptions {
  id: string;
  title: string;
  files(ctx: ClientEnv): string[];
  serversKey?: string;
  // Added to the stdio entry (`type: "stdio"` for the clients that write one).
  stdioExtra?: Record<string, unknown>;
  // The HTTP entry's fixed keys; the URL goes under `urlKey` (Windsurf `serverUrl`, Gemini `httpUrl`).
  httpExtra?: Record<string, unknown>;
  urlKey?: string;
  headerEnv?: (name: string) => string;
  // Set when the client has no HTTP entry in its config file: the reason, said to the user.
  noHttp?: string;
}

export function standardClient(options: StandardOptions): ClientDef {
  const def: ClientDef = defineClient({
    id: options.id,
    title: options.title,
    format: 'json',
    serversPath: [options.serversKey ?? 'mcpServers'],
    files: options.files,
    ...(options.headerEnv && { headerEnv: options.headerEnv }),
    toEntry(launch: GatewayLaunch) {
      if (launch.kind === 'stdio') return { entry: { ...options.stdioExtra, command: launch.command, args: launch.args } };
      if (options.noHttp) throw usageError(options.noHttp);
      const header = bearerHeader(def, launch);
      return {
        entry: { ...options.httpExtra, [options.urlKey ?? 'url']: launch.url, headers: { Authorization: header.value } },
        notes: [header.note],
      };
    },
    fromEntry: fromStandard,
  });
  return def;
}

// Maps a standard entry into gateway.json's shape: client spellings of the URL and type, and `${env:X}` / `{env:X}`
// references turned into gateway.json's `${X}`. Keys gw does not know are left for the importer to report.
export function fromStandard(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'serverUrl' || key === 'httpUrl') out.url = value;
    // Copilot's `local` is gateway.json's stdio, its default.
    else if (key === 'type' && value === 'local') continue;
    else if (key === 'tools' && Array.isArray(value) && value.length === 1 && value[0] === '*') continue;
    else out[key] = toGatewayRefs(value);
  }
  if (raw.httpUrl !== undefined) out.type = 'http';
  return out;
}

// `${env:NAME}` (Cursor, Windsurf, VS Code) and `{env:NAME}` (opencode) as gateway.json's `${NAME}`, deep.
export function toGatewayRefs(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|(?<!\$)\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, a?: string, b?: string) => `\${${a ?? b}}`);
  if (Array.isArray(value)) return value.map(toGatewayRefs);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toGatewayRefs(v)]));
  return value;
}
