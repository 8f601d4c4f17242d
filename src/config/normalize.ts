// Converts a schema-valid gateway.json object into the normalised GatewayConfig, checking what zod alone cannot.
import path from 'node:path';
import { globSyntaxProblem } from '../globs.js';
import { normalizeEmbeddings } from './embeddings.js';
import { isEnabled } from './edit.js';
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_NAME_LENGTH,
  DEFAULT_MAX_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  GROUP_NAME_RE,
  SERVER_NAME_RE,
  SettingsSchema,
  type GatewayConfig,
  type GatewayFile,
  type GroupConfig,
  type OAuthConfig,
  type PluginConfig,
  type ServerConfig,
  type ServerEntry,
} from './schema.js';

export interface Problem {
  path: (string | number)[];
  message: string;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_IN_FLIGHT = 64;
export const DEFAULT_MAX_QUEUE = 1024;
export const DEFAULT_SHARE_GRACE_S = 60;

export function normalizeConfig(
  file: GatewayFile,
  options: { dir: string; file?: string; stateDir?: string },
): { config: GatewayConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const servers: ServerConfig[] = [];
  for (const [name, entry] of Object.entries(file.mcpServers ?? {})) {
    const at = ['mcpServers', name];
    if (!SERVER_NAME_RE.test(name)) {
      problems.push({
        path: at,
        message: `server name ${JSON.stringify(name)} is invalid: use letters, digits and '-', starting with a letter or digit (no '_', which separates server and tool in exposed names)`,
      });
      continue;
    }
    const server = toServer(name, entry, options.dir, at, problems);
    if (server) servers.push(server);
  }

  const known = new Set(servers.map((s) => s.name));
  const groups = new Map<string, GroupConfig>();
  for (const [name, entry] of Object.entries(file.groups ?? {})) {
    const at = ['groups', name];
    if (!GROUP_NAME_RE.test(name)) {
      problems.push({ path: at, message: `group name ${JSON.stringify(name)} is invalid: use letters, digits, '_' and '-'` });
      continue;
    }
    const members = entry.servers ?? [];
    members.forEach((s, i) => {
      if (!known.has(s) && !Object.hasOwn(file.mcpServers ?? {}, s))
        problems.push({
          path: [...at, 'servers', i],
          message: `names server ${JSON.stringify(s)}, which is not in mcpServers (known: ${[...known].join(', ') || 'none'})`,
        });
    });
    checkGlobs(entry.allow, [...at, 'allow'], problems);
    checkGlobs(entry.deny, [...at, 'deny'], problems);
    groups.set(name, {
      name,
      servers: [...new Set(members)],
      allow: entry.allow ?? [],
      deny: entry.deny ?? [],
      ...(entry.description !== undefined && { description: entry.description }),
      ...(entry.tokenBudget !== undefined && { tokenBudget: entry.tokenBudget }),
      ...(entry.consolidate === true && { consolidate: true }),
      ...(entry.codeMode !== undefined && { codeMode: entry.codeMode }),
    });
  }

  const rawSettings = SettingsSchema.parse(file.settings ?? {});
  const stateDir = options.stateDir ?? (rawSettings.stateDir ? path.resolve(options.dir, rawSettings.stateDir) : defaultStateDir(options.dir));
  const embeddings = normalizeEmbeddings(rawSettings.search?.embeddings, problems);
  const plugins: PluginConfig[] = (file.plugins ?? [])
    .filter((p) => p.enabled !== false)
    .map((p) => ({ module: resolveModule(p.module, options.dir), options: p.options }));

  const config: GatewayConfig = {
    ...(options.file !== undefined && { path: path.resolve(options.file) }),
    dir: options.dir,
    servers,
    groups,
    plugins,
    settings: {
      separator: rawSettings.separator,
      tools: rawSettings.tools,
      ...(rawSettings.logLevel !== undefined && { logLevel: rawSettings.logLevel }),
      stateDir,
      maxMessageBytes: rawSettings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      maxInFlight: rawSettings.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      maxQueue: rawSettings.maxQueue ?? DEFAULT_MAX_QUEUE,
      cache: rawSettings.cache ?? true,
      streamResults: rawSettings.streamResults ?? false,
      statusTool: rawSettings.statusTool ?? false,
      maxNameLength: rawSettings.maxNameLength ?? DEFAULT_MAX_NAME_LENGTH,
      ...(rawSettings.instructions !== undefined && { instructions: rawSettings.instructions }),
      ...(rawSettings.tokenBudget !== undefined && { tokenBudget: rawSettings.tokenBudget }),
      share: file.share ?? false,
      shareGrace: file.shareGrace ?? DEFAULT_SHARE_GRACE_S,
      ...(rawSettings.codeMode !== undefined && { codeMode: rawSettings.codeMode }),
      ...(embeddings && { search: { embeddings } }),
      ...(rawSettings.auth !== undefined && { auth: rawSettings.auth }),
    },
  };
  return { config, problems };
}

// The state directory (tool-list cache, pins, audit log, child records) lives beside the config file.
export function defaultStateDir(configDir: string): string {
  return process.env.GW_STATE_DIR ? path.resolve(process.env.GW_STATE_DIR) : path.join(configDir, '.fast-gateway');
}

function toServer(name: string, e: ServerEntry, dir: string, at: string[], problems: Problem[]): ServerConfig | undefined {
  checkGlobs(e.allow, [...at, 'allow'], problems);
  checkGlobs(e.deny, [...at, 'deny'], problems);
  const common = {
    name,
    enabled: isEnabled(e),
    allow: e.allow ?? [],
    deny: e.deny ?? [],
    timeout: e.timeout ?? DEFAULT_TIMEOUT_MS,
    startTimeout: e.startTimeout ?? e.timeout ?? DEFAULT_TIMEOUT_MS,
    maxTimeout: Math.max(e.maxTimeout ?? DEFAULT_MAX_TIMEOUT_MS, e.timeout ?? 0),
    lazy: e.lazy ?? false,
    prefix: e.prefix ?? true,
    share: e.share ?? true,
    tools: new Map(Object.entries(e.tools ?? {})),
    ...(e.searchHint !== undefined && { searchHint: e.searchHint }),
    ...(e.maxResultChars !== undefined && { maxResultChars: e.maxResultChars }),
    idleTimeout: e.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS,
    ...(e.description !== undefined && { description: e.description }),
    ...(e.maxInFlight !== undefined && { maxInFlight: e.maxInFlight }),
    protocol: e.protocol ?? 'auto',
  };
  if (e.enabled !== undefined && e.disabled !== undefined && e.enabled === e.disabled) {
    problems.push({ path: [...at, 'disabled'], message: 'contradicts "enabled"; keep only "enabled"' });
  }
  const wantsRemote = e.url !== undefined || e.type === 'http' || e.type === 'sse' || e.type === 'streamable-http';
  if (e.command !== undefined && e.url !== undefined) {
    problems.push({ path: at, message: 'has both "command" and "url"; a server is either a local command (stdio) or a remote URL' });
    return undefined;
  }
  if (!wantsRemote) {
    if (e.command === undefined) {
      problems.push({ path: at, message: 'needs "command" (a local stdio server) or "url" (a remote server)' });
      return undefined;
    }
    for (const key of ['headers', 'transport', 'oauth'] as const) {
      if (e[key] !== undefined) problems.push({ path: [...at, key], message: 'applies only to remote servers (with "url")' });
    }
    return {
      ...common,
      kind: 'stdio',
      command: e.command,
      args: e.args ?? [],
      env: e.env ?? {},
      cwd: path.resolve(dir, e.cwd ?? '.'),
      inheritEnv: e.inheritEnv ?? false,
    };
  }
  if (e.url === undefined) {
    problems.push({ path: at, message: `has type ${JSON.stringify(e.type)} but no "url"` });
    return undefined;
  }
  for (const key of ['args', 'env', 'cwd', 'inheritEnv'] as const) {
    if (e[key] !== undefined) problems.push({ path: [...at, key], message: 'applies only to local servers (with "command")' });
  }
  if (!/^https?:\/\//i.test(e.url) && !e.url.startsWith('${')) {
    problems.push({ path: [...at, 'url'], message: `must start with http:// or https:// (got ${JSON.stringify(e.url)})` });
  }
  const kind = e.transport ?? (e.type === 'sse' ? 'sse' : 'http');
  if (e.transport && e.type && e.type !== 'stdio' && (e.type === 'sse') !== (e.transport === 'sse')) {
    problems.push({ path: [...at, 'type'], message: `contradicts "transport": ${JSON.stringify(e.transport)}` });
  }
  if (kind === 'sse' && e.protocol === '2026-07-28') {
    problems.push({ path: [...at, 'protocol'], message: 'legacy SSE carries only the 2025 protocol; use the Streamable HTTP transport for 2026-07-28' });
  }
  const oauth = toOAuth(e.oauth, [...at, 'oauth'], problems);
  return { ...common, kind, url: e.url, headers: e.headers ?? {}, ...(oauth && { oauth }) };
}

function toOAuth(o: ServerEntry['oauth'], at: string[], problems: Problem[]): OAuthConfig | undefined {
  if (o === undefined || o === false) return undefined;
  if (o === true) return { scopes: [], grant: 'authorization_code' };
  const grant = o.grant ?? 'authorization_code';
  if (grant === 'client_credentials' && (o.clientId === undefined || o.clientSecret === undefined)) {
    problems.push({ path: at, message: 'grant "client_credentials" needs "clientId" and "clientSecret" (the secret may be ${VAR})' });
  }
  if (o.clientMetadataUrl !== undefined && !/^https:\/\/[^/]+\/./.test(o.clientMetadataUrl)) {
    problems.push({ path: [...at, 'clientMetadataUrl'], message: 'must be an https:// URL with a path (the client metadata document)' });
  }
  return {
    scopes: o.scopes ?? [],
    grant,
    ...(o.clientId !== undefined && { clientId: o.clientId }),
    ...(o.clientSecret !== undefined && { clientSecret: o.clientSecret }),
    ...(o.clientMetadataUrl !== undefined && { clientMetadataUrl: o.clientMetadataUrl }),
  };
}

function checkGlobs(globs: string[] | undefined, at: (string | number)[], problems: Problem[]): void {
  globs?.forEach((glob, i) => {
    const problem = globSyntaxProblem(glob);
    if (problem !== undefined) problems.push({ path: [...at, i], message: `is not a valid glob (${problem})` });
  });
}

function resolveModule(spec: string, dir: string): string {
  return spec.startsWith('.') || path.isAbsolute(spec) ? path.resolve(dir, spec) : spec;
}
