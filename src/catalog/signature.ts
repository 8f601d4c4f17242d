// A tool's compact signature for people and models: `name(param: type, optional?: type)` and its required parameters.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

const MAX_ENUM = 5;

// `search(query: string, limit?: integer, mode?: "fast"|"full")`; properties in schema order.
export function toolSignature(name: string, schema: Tool['inputSchema'] | undefined): string {
  const props = propertiesOf(schema);
  const required = new Set(requiredParams(schema));
  const params = [...props].map(([key, sub]) => `${key}${required.has(key) ? '' : '?'}: ${typeName(sub)}`);
  return `${name}(${params.join(', ')})`;
}

// The required parameter names, as the schema lists them.
export function requiredParams(schema: Tool['inputSchema'] | undefined): string[] {
  const required = (schema as { required?: unknown } | undefined)?.required;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [];
}

// A short type for one property schema: `string`, `number|null`, `string[]`, `"a"|"b"`, `object`, `any`.
export function typeName(schema: unknown, depth = 0): string {
  if (typeof schema !== 'object' || schema === null || depth > 3) return 'any';
  const s = schema as Record<string, unknown>;
  if ('const' in s) return JSON.stringify(s.const) ?? 'any';
  if (Array.isArray(s.enum)) {
    const shown = s.enum.slice(0, MAX_ENUM).map((v) => JSON.stringify(v) ?? 'null');
    return shown.join('|') + (s.enum.length > MAX_ENUM ? '|…' : '');
  }
  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (union) return [...new Set(union.map((u) => typeName(u, depth + 1)))].join('|');
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop() || 'any';
  const types = Array.isArray(s.type) ? s.type.filter((t): t is string => typeof t === 'string') : typeof s.type === 'string' ? [s.type] : [];
  if (types.length === 0) return 'object' in s || 'properties' in s ? 'object' : 'any';
  return types.map((t) => (t === 'array' ? `${wrap(typeName(s.items, depth + 1))}[]` : t)).join('|');
}

function propertiesOf(schema: Tool['inputSchema'] | undefined): Map<string, unknown> {
  const props = (schema as { properties?: unknown } | undefined)?.properties;
  if (typeof props !== 'object' || props === null) return new Map();
  return new Map(Object.entries(props as Record<string, unknown>));
}

// `(string|number)[]` rather than `string|number[]`.
function wrap(type: string): string {
  return type.includes('|') ? `(${type})` : type;
}
