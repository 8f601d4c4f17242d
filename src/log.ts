// The logger: leveled lines to stderr only, because in stdio mode stdout belongs to JSON-RPC; known secrets are masked.
import { maskSecrets } from './secrets.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(prefix: string): Logger;
  readonly level: LogLevel;
}

// text: `gw info  [scope] message`; json: one object a line (time, level, scope, msg) for log collectors.
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  // Default: $GW_LOG_FORMAT, else text.
  format?: LogFormat;
  prefix?: string;
  write?: (line: string) => void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

// Parses a level name, falling back to 'info' for anything unknown.
export function toLogLevel(value: string | undefined): LogLevel {
  return LOG_LEVELS.includes(value as LogLevel) ? (value as LogLevel) : 'info';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? toLogLevel(process.env.GW_LOG_LEVEL);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const format = options.format ?? (process.env.GW_LOG_FORMAT === 'json' ? 'json' : 'text');
  const prefix = options.prefix ? `[${options.prefix}] ` : '';
  const emit = (at: LogLevel, message: string) => {
    if (RANK[at] < RANK[level]) return;
    // Upstream stderr and error texts pass through here: a key an upstream prints never reaches the log.
    const text = maskSecrets(message);
    write(
      format === 'json'
        ? JSON.stringify({ time: new Date().toISOString(), level: at, ...(options.prefix && { scope: options.prefix }), msg: text }) + '\n'
        : `gw ${at.padEnd(5)} ${prefix}${text}\n`,
    );
  };
  return {
    level,
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (p) => createLogger({ level, format, write, prefix: options.prefix ? `${options.prefix}/${p}` : p }),
  };
}

// A logger that drops everything (programmatic use, tests of pure modules).
export const SILENT_LOGGER: Logger = createLogger({ level: 'silent' });
