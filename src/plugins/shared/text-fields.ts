// Every text field of a tool result (content[].text, embedded resource text, structuredContent strings), to scan or rewrite.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

// Returns a new result with `fn` applied to every text field, or the same object when nothing changed.
export function mapResultText(result: CallToolResult, fn: (text: string) => string): CallToolResult {
  let changed = false;
  const map = (text: string) => {
    const next = fn(text);
    if (next !== text) changed = true;
    return next;
  };
  const content = result.content.map((block) => {
    if (block.type === 'text') return { ...block, text: map(block.text) };
    if (block.type === 'resource' && 'text' in block.resource && typeof block.resource.text === 'string') {
      return { ...block, resource: { ...block.resource, text: map(block.resource.text) } };
    }
    return block;
  });
  const structured =
    result.structuredContent === undefined ? undefined : mapStrings(result.structuredContent, map);
  if (!changed) return result;
  return {
    ...result,
    content,
    ...(structured !== undefined && { structuredContent: structured as Record<string, unknown> }),
  };
}

// Every text field of a result, in order.
export function resultTexts(result: CallToolResult): string[] {
  const texts: string[] = [];
  mapResultText(result, (text) => {
    texts.push(text);
    return text;
  });
  return texts;
}

// Every string inside a JSON value (keys included, since injected text can hide in a key).
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  }
  return out;
}

// Applies `fn` to every string under a "text" key, at any depth (resource contents, prompt messages).
export function mapTextFields<T>(value: T, fn: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'text' && typeof x === 'string' ? fn(x) : walk(x)]));
  };
  return walk(value) as T;
}

function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}
