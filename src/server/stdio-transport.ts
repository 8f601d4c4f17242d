// The downstream stdio transport: newline-delimited JSON-RPC on stdin/stdout, with a hook that lets the relay take messages first.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log.js';
import { checkMessageShape } from './jsonrpc-shape.js';
import { createLineReader } from '../relay/line-reader.js';
import { createWriteBatch, type BatchStream, type Chunk, type LineOut, type WriteBatch } from '../relay/write-batch.js';

export interface DownstreamStdioOptions {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  maxMessageBytes: number;
  // Where a line that is not a JSON-RPC message is reported (one line each; the session goes on).
  log?: Logger;
}

let realStdoutWrite: ((chunk: string | Uint8Array) => boolean) | undefined;

// From the first call on, only the returned writer reaches stdout: any other write (a plugin's console.log, say)
// goes to stderr, so nothing but JSON-RPC can ever reach the client. Idempotent.
export function protectStdout(): (chunk: string | Uint8Array) => boolean {
  if (realStdoutWrite) return realStdoutWrite;
  const stdout = process.stdout;
  realStdoutWrite = stdout.write.bind(stdout) as (chunk: string | Uint8Array) => boolean; // stdout-ok: the JSON-RPC writer
  stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (process.stderr.write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest)) as typeof stdout.write;
  return realStdoutWrite;
}

// Replaces the SDK's StdioServerTransport so that (1) a message is parsed once, with JSON.parse (the SDK's Protocol
// validates what it handles), and (2) the relay (src/relay/) can answer tools/call itself.
export class DownstreamStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  // The relay's claim: offered each message, synchronously and in order, before onmessage; true when it took the
  // message (the SDK Server never sees it then).
  intercept?: (message: Record<string, unknown>) => boolean;
  // Takes 2026-07-28 requests before the 2025 session (and its fast path) can see them (modern/stdio.ts).
  divert?: (message: Record<string, unknown>) => boolean;

  private readonly stdin: NodeJS.ReadableStream;
  private readonly stdout: NodeJS.WritableStream;
  private batch: WriteBatch;
  private started = false;

  constructor(private readonly options: DownstreamStdioOptions) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.batch = this.batchOn((chunk) => this.stdout.write(chunk));
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('DownstreamStdioTransport already started');
    this.started = true;
    if (this.stdout === process.stdout) this.claimStdout();
    const reader = createLineReader({
      maxBytes: this.options.maxMessageBytes,
      onLine: (line) => this.handleLine(line),
      onOversize: (bytes, id) => {
        const message = `request of ${bytes} bytes is over the limit of ${this.options.maxMessageBytes} bytes`;
        this.onerror?.(new Error(message));
        if (id !== undefined) void this.send({ jsonrpc: '2.0', id, error: { code: -32600, message } });
      },
    });
    this.stdin.on('data', reader.push);
    this.stdin.on('error', (error: Error) => this.onerror?.(error));
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.sendRaw(serializeMessage(message));
  }

  // Writes one already-serialized line (ending in \n). Lines sent in one turn of the event loop go out in one write.
  sendRaw(line: string): Promise<void> {
    return this.batch.write(line);
  }

  // Queues the pieces of one line without waiting for the write.
  push(...chunks: Chunk[]): void {
    for (const chunk of chunks) this.batch.push(chunk);
  }

  // Opens a line written piece by piece (the relay streams a large result through).
  open(): LineOut | undefined {
    return this.batch.open();
  }

  async close(): Promise<void> {
    this.batch.cut();
    this.stdin.pause();
    this.onclose?.();
  }

  private claimStdout(): void {
    this.batch = this.batchOn(protectStdout());
  }

  private batchOn(write: (chunk: Chunk) => boolean): WriteBatch {
    return createWriteBatch(this.stdout as unknown as BatchStream, write);
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (error) {
      this.refuse(null, -32700, 'Parse error', `the client sent a line that is not JSON (${line.length} chars): ${(error as Error).message}`);
      return;
    }
    const shape = checkMessageShape(message);
    if (!shape.ok) {
      this.refuse(shape.id, -32600, `Invalid Request: ${shape.problem}`, `the client sent JSON that is not a JSON-RPC message: ${shape.problem}`);
      return;
    }
    if (this.divert?.(message as Record<string, unknown>)) return;
    if (this.intercept?.(message as Record<string, unknown>)) return;
    this.onmessage?.(message as JSONRPCMessage);
  }

  // Answers a line that cannot be handled (JSON-RPC asks for an error with a null id when none can be read) and logs it.
  private refuse(id: string | number | null, code: number, message: string, logLine: string): void {
    if (this.options.log) this.options.log.warn(logLine);
    else this.onerror?.(new Error(logLine));
    void this.send({ jsonrpc: '2.0', id: id as string, error: { code, message } });
  }
}
