// Errors that reach the client as JSON-RPC errors. The SDK's McpError puts "MCP error <code>: " in front of its
// message, and the client's SDK puts it there again, so a user would read "MCP error -32602: MCP error -32602: …".
// An RpcError carries the code with a plain message; errors relayed from an upstream lose their prefixes (an SDK server
// already sends one in its message).
import { McpError } from '@modelcontextprotocol/sdk/types.js';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export function unprefixed(error: unknown): unknown {
  if (!(error instanceof McpError)) return error;
  return new RpcError(error.code, error.message.replace(/^(MCP error -?\d+: )+/, ''), error.data);
}

// Relays an upstream's answer, or its error without the doubled prefix.
export async function relay<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw unprefixed(error);
  }
}
