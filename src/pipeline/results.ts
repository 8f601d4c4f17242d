// The one place where failures become what the client sees: a tools/call result with isError and readable text.
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isGatewayError, messageOf } from '../errors.js';
import { maskSecrets } from '../secrets.js';

export function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

// A hidden or unknown tool reads exactly the same, so a hidden tool's existence does not leak.
// `why` says what is known beyond "unknown": a server that should offer it is failed or restarting.
export function unknownToolResult(name: string, why?: string): CallToolResult {
  if (why) return errorResult(`Unknown tool: '${name}' (${why}). Run \`gw status\` to see why; its tools come back when it recovers.`);
  return errorResult(`Unknown tool: '${name}'. Use search_tools to find available tools.`);
}

export function deniedResult(name: string, reason?: string): CallToolResult {
  return errorResult(reason && reason.trim() !== '' ? reason : `Tool '${name}' denied by policy.`);
}

// Maps an upstream failure to text naming the server and what happened; an error text quoting a known secret is masked.
export function upstreamErrorResult(server: string, tool: string, error: unknown, timeoutMs: number, exit?: string): CallToolResult {
  const result = upstreamFailure(server, tool, error, timeoutMs, exit);
  const block = result.content[0];
  if (block?.type === 'text') block.text = maskSecrets(block.text);
  return result;
}

function upstreamFailure(server: string, tool: string, error: unknown, timeoutMs: number, exit?: string): CallToolResult {
  if (isGatewayError(error)) return errorResult(error.message);
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) {
      const max = (error.data as { maxTotalTimeout?: unknown } | undefined)?.maxTotalTimeout;
      if (typeof max === 'number') {
        return errorResult(`server '${server}' did not finish '${tool}' within ${max} ms (maxTimeout, the limit even while it reports progress); the request was cancelled upstream`);
      }
      return errorResult(`server '${server}' did not answer '${tool}' within ${timeoutMs} ms (timeout); the request was cancelled upstream`);
    }
    if (error.code === ErrorCode.ConnectionClosed) {
      return errorResult(`server '${server}' closed the connection during '${tool}'${exit ? ` (${exit})` : ''}; the call did not complete`);
    }
    return errorResult(`server '${server}' returned an error for '${tool}': ${error.message.replace(/^MCP error -?\d+: /, '')}`);
  }
  return errorResult(`server '${server}' failed on '${tool}': ${messageOf(error)}`);
}
