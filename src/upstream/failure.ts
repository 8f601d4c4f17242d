// Turns connection errors and process exits into one readable reason ("exited with code 3: <stderr>", "HTTP 401", …).
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { messageOf } from '../errors.js';
import { maskSecrets } from '../secrets.js';
import { describeVersionMismatch } from './era-errors.js';
import type { ExitInfo } from './transports/stdio-process.js';

// Masked: the reason becomes lastError, which the status file, `gw status`, gateway://status and the admin API show,
// and an upstream that fails often prints the key it was given ("fatal: bad api key …").
export function describeFailure(error: unknown, exit: ExitInfo | undefined): string {
  return maskSecrets(rawFailure(error, exit));
}

function rawFailure(error: unknown, exit: ExitInfo | undefined): string {
  if (exit?.spawnError && error instanceof Error) return error.message;
  if (exit && (exit.code !== undefined || exit.signal !== undefined)) {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const tail = stderrSummary(exit.stderrTail).join(' | ');
    return `${how}${tail ? `: ${truncate(tail, 300)}` : ''}`;
  }
  const mismatch = describeVersionMismatch(error);
  if (mismatch) return mismatch;
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) return `no answer to initialize (${error.message})`;
  const status = httpStatus(error);
  if (status !== undefined) {
    const detail = httpDetail(messageOf(error));
    return `HTTP ${status}${status === 401 || status === 403 ? ' (authentication failed: check the headers or token)' : ''}${detail ? `: ${detail}` : ''}`;
  }
  const text = hideUrlCredentials(messageOf(error));
  if (/includes credentials/i.test(text)) return 'the url holds a user name and password, which HTTP clients refuse: pass them in "headers" (Authorization) instead';
  const cause = networkCause(error);
  return truncate(cause ? `${text} (${cause})` : text, 300);
}

// user:password@ in a URL, as some messages quote it: never shown.
export function hideUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][\w+.-]*:\/\/[^\s/@:]*:)[^\s/@]*@/gi, '$1***@');
}

// "fetch failed" says nothing; its cause says what: refused, unknown host, reset, timed out.
function networkCause(error: unknown): string | undefined {
  const code = ((error as { cause?: { code?: unknown } } | undefined)?.cause?.code ?? '') as string;
  const causes: Record<string, string> = {
    ECONNREFUSED: 'connection refused: is the server running, and on that port?',
    ENOTFOUND: 'unknown host: check the url',
    EAI_AGAIN: 'the host name could not be resolved right now',
    ECONNRESET: 'the connection was reset',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'host unreachable',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  };
  return causes[code];
}

// 401/403 are not retried blindly: the credentials need fixing first.
export function isAuthFailure(error: unknown): boolean {
  const status = httpStatus(error);
  return error instanceof UnauthorizedError || status === 401 || status === 403;
}

// A remote upstream that is gone (refused, reset, unreachable) or no longer knows our session (HTTP 404, as after it
// restarted): the connection is over, and a new one has to be opened.
export function isConnectionLost(error: unknown): boolean {
  if (httpStatus(error) === 404) return true;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const text = `${messageOf(error)} ${cause === undefined ? '' : messageOf(cause)} ${(cause as { code?: string } | undefined)?.code ?? ''}`;
  return /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|socket hang up|other side closed/i.test(text);
}

// The last lines of stderr, led by the line that says what went wrong when a stack trace buries it
// (Node prints `Error: …` first, then `at …` lines and its version).
function stderrSummary(lines: readonly string[]): string[] {
  const last = lines.slice(-3);
  const cause = [...lines].reverse().find((l) => /^\s*(?:[\w.]*(?:Error|Exception)\b[^:]*:|Traceback|error:)/i.test(l) && !/^\s+at\s/.test(l));
  return cause && !last.includes(cause) ? [cause.trim(), '…', ...last] : last;
}

// What an HTTP failure's body said: the JSON-RPC error it carried ("-32600 Bad Request: …"), or the start of a body
// that is not JSON-RPC (2 KiB; masked by the caller). Both SDKs put the body after "Error POSTing to endpoint…: ".
export function httpDetail(message: string): string | undefined {
  const body = /Error POSTing to endpoint(?: \(HTTP \d{3}\))?: ([\s\S]*)$/.exec(message)?.[1]?.trim();
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown; data?: unknown } };
    const e = parsed.error;
    if (e && typeof e.message === 'string') {
      const data = e.data === undefined ? '' : ` ${truncate(JSON.stringify(e.data), 300)}`;
      return `${typeof e.code === 'number' ? `${e.code} ` : ''}${e.message}${data}`;
    }
  } catch {
    // Not JSON: shown as text below.
  }
  return truncate(body, HTTP_BODY_MAX);
}

// Returns an HTTP failure of a call as an error whose message says the status and what the body said.
export function withHttpDetail(error: unknown): unknown {
  if (httpStatus(error) === undefined || isAuthFailure(error)) return error;
  return Object.assign(new Error(describeFailure(error, undefined)), { cause: error });
}

const HTTP_BODY_MAX = 2048;

function httpStatus(error: unknown): number | undefined {
  if (error instanceof StreamableHTTPError || error instanceof SseError) return error.code;
  const status = (error as { data?: { status?: unknown } } | undefined)?.data?.status;
  if (typeof status === 'number') return status;
  const m = /\bHTTP (\d{3})\b/.exec(messageOf(error));
  return m ? Number(m[1]) : undefined;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
