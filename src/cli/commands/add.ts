// `gw add NAME -- COMMAND [ARGS...]` and `gw add NAME --url URL`: adds (or with --force replaces) one upstream server.
import { asksForLogin } from '../../auth/login.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CAC } from 'cac';
import { formatCommandLine } from '../../config/edit.js';
import { isReservedKey } from '../../config/json-shape.js';
import { SERVER_NAME_RE, type ServerEntry } from '../../config/schema.js';
import { GatewayError } from '../../errors.js';
import { editTarget, type GlobalOptions } from '../config-file.js';
import { note, print } from '../output.js';
import { toArray, usageError } from '../usage.js';

interface AddOptions extends GlobalOptions {
  '--'?: string[];
  url?: string;
  transport?: string;
  env?: unknown;
  header?: unknown;
  cwd?: string;
  timeout?: unknown;
  description?: string;
  disabled?: boolean;
  force?: boolean;
}

export function registerAdd(cli: CAC): void {
  cli
    .command(
      'add <name> [...command]',
      'Add an upstream server: `gw add NAME -- COMMAND [ARGS...]` or `gw add NAME --url URL`',
    )
    .option('--url <url>', 'Remote server URL (Streamable HTTP, or SSE with --transport sse)')
    .option('--transport <kind>', 'Remote transport: http (default) or sse')
    .option('--env <KEY=VALUE>', 'Environment variable for a stdio server (repeatable)')
    .option('--header <KEY=VALUE>', 'HTTP header for a remote server (repeatable)')
    .option('--cwd <dir>', 'Working directory for a stdio server')
    .option('--timeout <ms>', 'Per-call timeout in milliseconds')
    .option('--description <text>', 'What the server is for (shown by `gw list --json`, used by search_tools)')
    .option('--disabled', 'Add it disabled')
    .option('--force', 'Replace an existing server with the same name')
    .example('gw add github -- npx -y @modelcontextprotocol/server-github')
    .example('gw add docs --url https://example.com/mcp --header "Authorization=Bearer ${DOCS_TOKEN}"')
    .action(async (name: string, positional: string[], options: AddOptions) => {
      const entry = toEntry(name, [...positional, ...(options['--'] ?? [])], options);
      const { store } = editTarget(options, { create: true });
      let replaced = false;
      await store.update((doc) => {
        const servers = (doc.mcpServers ??= {});
        if (Object.hasOwn(servers, name)) {
          if (!options.force) {
            throw new GatewayError(
              'ALREADY_EXISTS',
              `a server named ${JSON.stringify(name)} already exists in ${store.file}; pass --force to replace it, or \`gw remove ${name}\` first.`,
            );
          }
          replaced = true;
        }
        servers[name] = entry;
      });
      const kind = entry.url !== undefined ? (entry.transport ?? 'http') : 'stdio';
      print(
        `${replaced ? 'replaced' : 'added'} ${name} (${kind}${entry.enabled === false ? ', disabled' : ''}) in ${store.file}`,
      );
      print(`  ${entry.url ?? formatCommandLine(entry.command ?? '', entry.args)}`);
      // A remote server behind the MCP authorization spec answers 401 until someone logs in: say so now, not at first use.
      const url = entry.url;
      if (url !== undefined && entry.enabled !== false && !url.includes('${') && !entry.headers && (await asksForLogin(name, url))) {
        note(`gw: ${name} asks for an OAuth login: run \`gw auth login ${name}\` (a browser opens; --no-browser prints the URL). Until then it is "needs-login" and its tools cannot be called.`);
      }
      if (entry.cwd !== undefined && !existsSync(entry.cwd)) note(`gw: warning: the working directory ${entry.cwd} does not exist (yet); the server cannot start until it does`);
    });
}

// Builds the entry from the command line, rejecting combinations the config would not accept.
function toEntry(name: string, command: string[], o: AddOptions): ServerEntry {
  if (isReservedKey(name)) throw usageError(`${JSON.stringify(name)} cannot be a server name (it is reserved in JavaScript objects); choose another name`);
  if (!SERVER_NAME_RE.test(name)) {
    throw usageError(
      `invalid server name ${JSON.stringify(name)}: use letters, digits and '-', starting with a letter or digit (no '_' or spaces; '_' separates server and tool in exposed names), e.g. ${JSON.stringify(suggestName(name))}`,
    );
  }
  const url = o.url === undefined ? undefined : String(o.url);
  if (url !== undefined && command.length > 0)
    throw usageError('give either a command after `--` or --url, not both');
  if (url === undefined && command.length === 0) {
    throw usageError(
      `say what to run: \`gw add ${name} -- COMMAND [ARGS...]\` or \`gw add ${name} --url URL\``,
    );
  }
  const env = keyValues(o.env, '--env');
  const headers = keyValues(o.header, '--header');
  const entry: ServerEntry = {};
  if (url !== undefined) {
    // As in gateway.json, a url may come whole from a variable: --url '${MCP_URL}'.
    if (!/^https?:\/\//i.test(url) && !url.startsWith('${'))
      throw usageError(`--url must start with http:// or https:// (got ${JSON.stringify(url)})`);
    if (env || o.cwd !== undefined)
      throw usageError('--env and --cwd apply only to stdio servers (a command after `--`)');
    entry.url = url;
    if (o.transport !== undefined) {
      if (o.transport !== 'http' && o.transport !== 'sse')
        throw usageError(`--transport must be http or sse (got ${JSON.stringify(o.transport)})`);
      entry.transport = o.transport;
    }
    if (headers) entry.headers = headers;
  } else {
    if (headers || o.transport !== undefined)
      throw usageError('--header and --transport apply only to remote servers (--url)');
    const [cmd, ...args] = command as [string, ...string[]];
    entry.command = cmd;
    if (args.length > 0) entry.args = args;
    if (env) entry.env = env;
    // Stored absolute: the config resolves relative paths against its own directory, not the shell's.
    if (o.cwd !== undefined) entry.cwd = path.resolve(String(o.cwd));
  }
  if (o.timeout !== undefined) {
    const ms = Number(o.timeout);
    if (!Number.isInteger(ms) || ms <= 0)
      throw usageError(`--timeout must be a positive number of milliseconds (got ${String(o.timeout)})`);
    entry.timeout = ms;
  }
  if (o.description !== undefined) entry.description = String(o.description);
  if (o.disabled) entry.enabled = false;
  return entry;
}

function keyValues(value: unknown, flag: string): Record<string, string> | undefined {
  const pairs = toArray(value);
  if (pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError(`${flag} expects KEY=VALUE (got ${JSON.stringify(pair)})`);
    if (isReservedKey(pair.slice(0, eq))) throw usageError(`${flag}: ${JSON.stringify(pair.slice(0, eq))} cannot be a key (it is reserved in JavaScript objects)`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function suggestName(name: string): string {
  return name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-server';
}
