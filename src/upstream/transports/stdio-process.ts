// An SDK Transport that supervises one stdio upstream: spawned by execa in its own process group, no shell, whole tree killed on close.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { execa, type ResultPromise } from 'execa';
import type { Logger } from '../../log.js';
import { createLineReader, type LineSink } from '../../relay/line-reader.js';
import type { UpstreamPipe } from '../pipe.js';
import { trackDescendants, type DescendantTracker, type ProcessId } from '../descendants.js';
import { killTree } from '../process-tree.js';
import { createWriteBatch, type Chunk, type WriteBatch } from '../../relay/write-batch.js';

export interface StdioTransportOptions {
  server: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  maxMessageBytes: number;
  log: Logger;
  // How to name the command in messages: the config's unexpanded form, so expanded secrets never reach a log.
  display: string;
  // Called with the child's pid once it is running (the pool records it for the orphan sweep).
  onSpawn?: (pid: number) => void;
  // Called whenever the recorded descendants of the child change (the pool persists them for the orphan sweep).
  onDescendants?: (pid: number, descendants: ProcessId[]) => void;
}

export interface ExitInfo {
  code?: number;
  signal?: string;
  // Last lines the process wrote to stderr, for "exited with code 3: <stderr>" messages.
  stderrTail: string[];
  spawnError?: string;
}

const STDERR_TAIL = 20;
const GARBAGE_LOG_LIMIT = 5;

export class StdioUpstreamTransport implements Transport, UpstreamPipe {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  // The relay's claims on incoming lines (see UpstreamPipe in pipe.ts for the contract).
  intercept?: (message: Record<string, unknown>, line: string) => boolean;
  interceptBytes?: (bytes: Buffer) => boolean;
  interceptLine?: (line: string) => boolean;
  interceptStream?: (head: Buffer, bail: () => void) => LineSink | undefined;
  exit?: ExitInfo;
  pid?: number;
  // The version the 2025 handshake agreed on (the v1 client reports it here).
  protocolVersion?: string;

  private child?: ResultPromise<{ buffer: false; reject: false }>;
  private batch?: WriteBatch;
  private readonly stderrTail: string[] = [];
  private closingPromise?: Promise<void>;
  private garbageLogged = 0;
  private descendants?: DescendantTracker;
  private started?: Promise<void>;
  // Settles once the process has ended and `exit` says how (its output read to the end).
  private ended?: Promise<void>;
  // The ids of the SDK Client's requests that have no response yet (see clientAwaits in pipe.ts).
  private readonly awaited = new Set<string | number>();

  // Public so a shared connection (src/broker/link.ts) can hand the broker exactly this spawn.
  constructor(readonly options: StdioTransportOptions) {}

  // Idempotent: the era probe starts the process before a client attaches, and the client's connect() calls start again.
  async start(): Promise<void> {
    this.started ??= this.spawn();
    return this.started;
  }

  private async spawn(): Promise<void> {
    const { command, args, env, cwd, log } = this.options;
    const child = execa(command, args, {
      cwd,
      env,
      extendEnv: false,
      detached: true, // its own process group, so the whole tree can be signalled at once
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      cleanup: false, // we kill the tree ourselves (execa's cleanup would signal only the leader)
      stripFinalNewline: false,
      windowsHide: true,
    });
    this.child = child;
    const stdin = child.stdin;
    this.batch = createWriteBatch(stdin, (chunk: Chunk) => stdin.write(chunk));
    const stdoutReader = createLineReader({
      maxBytes: this.options.maxMessageBytes,
      onLine: (line) => this.handleLine(line),
      onBytes: (bytes) => this.interceptBytes?.(bytes) ?? false,
      onStream: (head, bail) => this.interceptStream?.(head, bail),
      onOversize: (bytes, id) => this.handleOversize(bytes, id),
    });
    child.stdout.on('data', stdoutReader.push);
    // A line cut off by the process's end is delivered (or a streamed one aborted) once, when its output ends.
    child.stdout.once('end', stdoutReader.flush);
    const stderrReader = createLineReader({ maxBytes: 64 * 1024, onLine: (line) => this.handleStderr(line) });
    child.stderr.on('data', stderrReader.push);
    child.stdin.on('error', (error) => this.onerror?.(error));
    this.ended = child.then((result) => {
      // Its descendants outlive it unless ended now: a grandchild in its own session is not in its process group.
      void this.descendants?.end();
      stderrReader.flush();
      this.exit ??= {
        ...(result.exitCode !== undefined && { code: result.exitCode }),
        ...(result.signal !== undefined && { signal: result.signal }),
        stderrTail: [...this.stderrTail],
        ...(result.code === 'ENOENT' || result.code === 'EACCES' ? { spawnError: result.code } : {}),
      };
      // execa's messages quote the expanded command line, which may hold secrets: log only what the config says.
      if (!this.closing && result.failed && result.exitCode === undefined && !result.signal)
        log.debug(`${this.options.display} ended without an exit code`);
      this.onclose?.();
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => {
        this.pid = child.pid;
        if (child.pid !== undefined) {
          const pid = child.pid;
          this.options.onSpawn?.(pid);
          this.descendants = trackDescendants(pid, { onChange: (list) => this.options.onDescendants?.(pid, list) });
        }
        resolve();
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.exit = { stderrTail: [], spawnError: error.code ?? error.message };
        reject(spawnFailure(this.options, error));
      });
    });
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  // Writes one already-serialized line (ending in \n); false when the process is not running.
  // Lines written in one turn of the event loop go out together.
  sendRaw(line: string): boolean {
    if (!this.writable) return false;
    this.batch?.push(line);
    return true;
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (!this.batch) return Promise.reject(new Error(`server '${this.options.server}' is not running`));
    // A request the server was told to cancel still counts: a server may answer it anyway, late.
    if ('method' in message && 'id' in message) this.awaited.add(message.id);
    const written = this.writable ? this.batch.write(serializeMessage(message)) : Promise.reject(new Error(`server '${this.options.server}' is not running`));
    return written.catch(async (error: unknown) => {
      if ('id' in message) this.awaited.delete(message.id as string | number);
      // Its stdin closes when the process exits, a moment before its exit is known: fail once it is, so that the
      // reason given is the exit ("exited with code 3: …") and not the pipe. (A process that closed its stdin and
      // lives on is ended by whoever gives up on it: the request's own timeout, then the upstream's release.)
      await this.ended?.catch(() => undefined);
      throw error;
    });
  }

  // Stops counting a request of ours as unanswered (the era probe that gave up on silence).
  forget(id: string | number): void {
    this.awaited.delete(id);
  }

  clientAwaits(): boolean {
    return this.awaited.size > 0;
  }

  private get writable(): boolean {
    const stdin = this.child?.stdin;
    return stdin !== undefined && !stdin.destroyed && stdin.writable;
  }

  // Ends stdin, then makes sure the whole process tree is gone (SIGTERM, then SIGKILL after a grace period).
  // Every caller gets the same promise: a shutdown arriving during a crash's cleanup still waits for the SIGKILL step.
  close(): Promise<void> {
    this.closingPromise ??= (async () => {
      const child = this.child;
      if (!child) return;
      this.batch?.flush();
      child.stdin.end();
      // The freshest record first, so that descendants that left the tree are ended with it.
      this.descendants?.refresh();
      await Promise.all([child.pid !== undefined && killTree(child.pid, { graceMs: 2000 }), this.descendants?.end()]);
      await child.catch(() => undefined);
    })();
    return this.closingPromise;
  }

  private get closing(): boolean {
    return this.closingPromise !== undefined;
  }

  private handleLine(line: string): void {
    if (this.interceptLine?.(line)) return;
    if (line.trim() === '') return;
    let message: JSONRPCMessage;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      raw = undefined;
    }
    // The relay takes its own responses and progress before any schema work.
    if (this.intercept && typeof raw === 'object' && raw !== null && this.intercept(raw as Record<string, unknown>, line)) return;
    try {
      message = JSONRPCMessageSchema.parse(raw);
    } catch {
      // A server that prints banners or debug output to stdout must not break the session.
      if (this.garbageLogged++ < GARBAGE_LOG_LIMIT) {
        const shown = line.length > 200 ? `${line.slice(0, 200)}… (${line.length} chars)` : line;
        this.options.log.warn(`dropped a non-JSON-RPC line on stdout: ${shown}`);
        if (this.garbageLogged === GARBAGE_LOG_LIMIT)
          this.options.log.warn('further non-JSON-RPC lines from this server are dropped silently');
      }
      return;
    }
    // The SDK runs notification handlers a microtask later but settles responses at once (dropping the request's
    // progress handler): a progress notification right before its response would be lost. Responses wait one microtask.
    if ('id' in message && !('method' in message)) {
      this.awaited.delete(message.id as string | number);
      queueMicrotask(() => this.onmessage?.(message));
    }
    else this.onmessage?.(message);
  }

  // An oversized message is skipped whole; if it was a response, its call fails with a clear error instead of hanging.
  private handleOversize(bytes: number, id: string | number | undefined): void {
    const limit = this.options.maxMessageBytes;
    const text = `server '${this.options.server}' sent a message of ${bytes} bytes, over the limit of ${limit} bytes (settings.maxMessageBytes); it was dropped`;
    this.options.log.warn(text);
    if (id === undefined) return;
    this.awaited.delete(id);
    const failure = { jsonrpc: '2.0' as const, id, error: { code: -32603, message: text } };
    if (this.intercept?.(failure, JSON.stringify(failure))) return;
    this.onmessage?.(failure);
  }

  private handleStderr(line: string): void {
    if (this.stderrTail.push(line) > STDERR_TAIL) this.stderrTail.shift();
    this.options.log.info(line);
  }
}

function spawnFailure(options: StdioTransportOptions, error: NodeJS.ErrnoException): Error {
  // Node reports a missing working directory, and a script whose #! interpreter is missing, as a missing command.
  if (error.code === 'ENOENT' && !existsSync(options.cwd)) {
    return new Error(`working directory not found: ${options.cwd}; create it or fix "cwd" in the config`);
  }
  if (error.code === 'ENOENT' && /[\\/]/.test(options.command) && existsSync(path.resolve(options.cwd, options.command))) {
    return new Error(
      `${options.display} exists but could not be started: if it is a script, the interpreter on its #! line was not found`,
    );
  }
  if (error.code === 'ENOENT') {
    return new Error(
      `command not found: ${options.display} (looked on PATH and in ${options.cwd}); install it or fix "command" in the config`,
    );
  }
  if (error.code === 'EACCES')
    return new Error(`command is not executable: ${options.display} (check its permissions)`);
  return new Error(`could not start ${options.display}: ${error.code ?? error.message}`);
}
