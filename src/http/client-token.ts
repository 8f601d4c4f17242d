// Chooses the client token of `gw serve --http` (--token, --token-file, $GW_TOKEN or the generated one) and refuses one that is weak or cannot be sent.
import { statSync } from 'node:fs';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import { fileToken, fixedToken, readOrCreateToken, readToken, tokenFile, type TokenCheck } from './token.js';

export interface ClientTokenOptions {
  flag?: string;
  file?: string;
  env?: string;
  stateDir: string;
  // A loopback bind accepts short tokens; any other bind needs MIN_NETWORK_TOKEN_LENGTH characters.
  loopback: boolean;
  log: Logger;
}

export const MIN_NETWORK_TOKEN_LENGTH = 32;
// RFC 6750 b64token: what fits after "Bearer " in an Authorization header, as every client sends it.
const BEARER_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
const HOW = 'leave --token, --token-file and $GW_TOKEN unset to use the one `gw token` generates (43 characters), or put that one in a file for --token-file';

// Why `token` is not acceptable as a bearer token on this bind, or undefined when it is.
export function tokenProblem(token: string, loopback: boolean): string | undefined {
  if (!BEARER_CHARS.test(token)) {
    return 'contains characters a client cannot send in "Authorization: Bearer <token>" (spaces, quotes, non-ASCII…); use only letters, digits and - . _ ~ + / (= at the end)';
  }
  if (!loopback && token.length < MIN_NETWORK_TOKEN_LENGTH) {
    return `is ${token.length} characters long; on an address other machines can reach it must be at least ${MIN_NETWORK_TOKEN_LENGTH}, or it can be guessed`;
  }
  return undefined;
}

// The check for the client token, first found wins: --token, --token-file, $GW_TOKEN, the generated token file.
export function resolveClientToken(options: ClientTokenOptions): TokenCheck {
  const { log, loopback } = options;
  const refuse = (label: string, token: string) => {
    const problem = tokenProblem(token, loopback);
    if (problem) throw new GatewayError('USAGE', `${label} ${problem}: ${HOW}`);
  };
  if (options.flag !== undefined && options.file !== undefined) throw new GatewayError('USAGE', 'give either --token or --token-file, not both');
  if (options.flag !== undefined) {
    refuse('the token given with --token', options.flag);
    log.warn('--token puts the token in the process list, where every local user can read it (ps); prefer --token-file PATH or $GW_TOKEN');
    return fixedToken(options.flag, '--token');
  }
  if (options.file !== undefined) return fromTokenFile(options.file, loopback, log);
  if (options.env) {
    refuse('the token in $GW_TOKEN', options.env);
    return fixedToken(options.env, '$GW_TOKEN');
  }
  const { token, file, created } = readOrCreateToken(tokenFile(options.stateDir));
  refuse(`the token in ${file}`, token);
  if (created) log.info(`generated a bearer token in ${file} (0600); print it with \`gw token\``);
  return fileToken(file, 'token file', watchedAccept(file, loopback, log));
}

function fromTokenFile(file: string, loopback: boolean, log: Logger): TokenCheck {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw new GatewayError('USAGE', `cannot read --token-file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const token = readToken(file);
  if (token === undefined) throw new GatewayError('USAGE', `--token-file ${file} is empty or unreadable: put the token on its first line`);
  const problem = tokenProblem(token, loopback);
  if (problem) throw new GatewayError('USAGE', `the token in --token-file ${file} ${problem}: ${HOW}`);
  if ((mode & 0o077) !== 0) {
    log.warn(`--token-file ${file} is readable by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${file}`);
  }
  return fileToken(file, '--token-file', watchedAccept(file, loopback, log));
}

// A token file edited while the gateway runs: a weak new token opens nothing (and says so) instead of being accepted.
function watchedAccept(file: string, loopback: boolean, log: Logger): (token: string) => boolean {
  return (token) => {
    const problem = tokenProblem(token, loopback);
    if (problem) log.warn(`the token in ${file} ${problem}; no request is accepted with it until the file is fixed`);
    return problem === undefined;
  };
}
