// The one place policy becomes client hints in a tool's _meta (Claude Code's `anthropic/*` keys today; others go here too).
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

// What the gateway knows about one tool that a client may act on.
export interface ToolPolicyHints {
  // Keep the tool loaded when the client defers the rest behind its own search.
  alwaysLoad?: boolean;
  // A short phrase the client's own tool search matches.
  searchHint?: string;
  // Results longer than this many characters are cut by the gateway (and the client is told the limit).
  maxResultChars?: number;
}

export const HINT_KEYS = {
  alwaysLoad: 'anthropic/alwaysLoad',
  searchHint: 'anthropic/searchHint',
  maxResultSizeChars: 'anthropic/maxResultSizeChars',
  permissionDisplay: 'anthropic/permissionDisplay',
} as const;

// The _meta of a permission prompt (an elicitation asking to approve a call): how the client may title and describe it.
export function permissionDisplayMeta(displayName: string, description: string | undefined): Record<string, unknown> {
  const firstLine = description?.split('\n').find((l) => l.trim() !== '')?.trim();
  return { [HINT_KEYS.permissionDisplay]: { displayName, ...(firstLine && { description: firstLine.slice(0, 200) }) } };
}

// The definition with the hints set in _meta; upstream _meta is kept except where policy says otherwise.
export function withHints(tool: Tool, hints: ToolPolicyHints): Tool {
  const meta: Record<string, unknown> = {};
  if (hints.alwaysLoad) meta[HINT_KEYS.alwaysLoad] = true;
  if (hints.searchHint) meta[HINT_KEYS.searchHint] = hints.searchHint;
  if (hints.maxResultChars !== undefined) meta[HINT_KEYS.maxResultSizeChars] = hints.maxResultChars;
  if (Object.keys(meta).length === 0) return tool;
  return { ...tool, _meta: { ...tool._meta, ...meta } };
}

// Cuts the text of a result to `limit` characters in all, ending with a marker that says so.
export function truncateResult(result: CallToolResult, limit: number): CallToolResult {
  const content = result.content;
  if (!Array.isArray(content)) return result;
  const total = content.reduce((n, block) => n + (block.type === 'text' ? block.text.length : 0), 0);
  if (total <= limit) return result;
  let left = limit;
  const kept: CallToolResult['content'] = [];
  for (const block of content) {
    if (block.type !== 'text') {
      kept.push(block);
      continue;
    }
    if (left <= 0) continue;
    kept.push({ ...block, text: block.text.slice(0, left) });
    left -= block.text.length;
  }
  kept.push({ type: 'text', text: truncationMarker(limit, total) });
  // structuredContent would carry the full text past the limit.
  const { structuredContent: _dropped, ...rest } = result;
  return { ...rest, content: kept };
}

export function truncationMarker(limit: number, total: number): string {
  return `[truncated by the gateway: ${limit.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} characters shown (maxResultChars in gateway.json)]`;
}
