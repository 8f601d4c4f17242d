// TypeScript declarations of tools, generated from their JSON Schemas, for scripts run by run_code (`tools.<name>(args)`).

interface ToolShape {
  name: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
}

const MAX_DEPTH = 6;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// `declare const tools: { … }` with one method per tool, each with its description as a doc comment.
export function toolsDeclaration(tools: readonly ToolShape[]): string {
  const members = tools.map((t) => toolMember(t, '  ')).join('\n');
  return `declare const tools: {\n${members}\n};`;
}

// One method: `name(args: {...}): Promise<Output>;` (args optional when no parameter is required).
export function toolMember(tool: ToolShape, indent = ''): string {
  const doc = docComment(tool.description, indent);
  const args = schemaToType(tool.inputSchema ?? { type: 'object' }, 0, indent);
  const optional = requiredOf(tool.inputSchema).length === 0 ? '?' : '';
  const output = tool.outputSchema === undefined ? 'unknown' : schemaToType(tool.outputSchema, 1, indent);
  return `${doc}${indent}${key(tool.name)}(args${optional}: ${args}): Promise<${output}>;`;
}

// A JSON Schema as a TypeScript type. Depth 0 (a tool's arguments) is written one property a line with comments.
export function schemaToType(schema: unknown, depth = 1, indent = ''): string {
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  if (typeof schema !== 'object' || schema === null || depth > MAX_DEPTH) return 'unknown';
  const s = schema as Record<string, unknown>;
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.enum)) return s.enum.length === 0 ? 'never' : s.enum.map(literal).join(' | ');
  const union = (s.anyOf ?? s.oneOf) as unknown;
  if (Array.isArray(union)) return union.map((u) => paren(schemaToType(u, depth + 1))).join(' | ');
  if (Array.isArray(s.allOf)) return s.allOf.map((u) => paren(schemaToType(u, depth + 1))).join(' & ');
  const type = s.type;
  if (Array.isArray(type))
    return type.map((t) => paren(schemaToType({ ...s, type: t }, depth, indent))).join(' | ');
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayType(s, depth);
    case 'object':
      return objectType(s, depth, indent);
    default:
      return s.properties !== undefined ? objectType(s, depth, indent) : 'unknown';
  }
}

function arrayType(s: Record<string, unknown>, depth: number): string {
  if (Array.isArray(s.prefixItems))
    return `[${s.prefixItems.map((i) => schemaToType(i, depth + 1)).join(', ')}]`;
  if (Array.isArray(s.items)) return `[${s.items.map((i) => schemaToType(i, depth + 1)).join(', ')}]`;
  return `Array<${schemaToType(s.items, depth + 1)}>`;
}

function objectType(s: Record<string, unknown>, depth: number, indent: string): string {
  const properties =
    typeof s.properties === 'object' && s.properties !== null ? Object.entries(s.properties) : [];
  const required = new Set(requiredOf(s));
  const extra = s.additionalProperties;
  const index =
    typeof extra === 'object' && extra !== null
      ? schemaToType(extra, depth + 1)
      : properties.length === 0 && extra !== false
        ? 'unknown'
        : undefined;
  if (properties.length === 0) return index === undefined ? '{}' : `Record<string, ${index}>`;
  const fields = properties.map(([name, p]) => {
    const field = `${key(name)}${required.has(name) ? '' : '?'}: ${schemaToType(p, depth + 1, `${indent}  `)};`;
    const description = (p as { description?: unknown } | null)?.description;
    return depth === 0
      ? `${docComment(typeof description === 'string' ? description : undefined, `${indent}  `)}${indent}  ${field}`
      : field;
  });
  if (index !== undefined)
    fields.push(depth === 0 ? `${indent}  [key: string]: ${index};` : `[key: string]: ${index};`);
  return depth === 0 ? `{\n${fields.join('\n')}\n${indent}}` : `{ ${fields.join(' ')} }`;
}

function requiredOf(schema: unknown): string[] {
  const required = (schema as { required?: unknown } | null | undefined)?.required;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [];
}

function docComment(text: string | undefined, indent: string): string {
  const first = text?.split(/\r?\n\s*\r?\n|\r?\n/)[0]?.trim();
  if (!first) return '';
  const short = first.length > 160 ? `${first.slice(0, 159)}…` : first;
  return `${indent}/** ${short.replace(/\*\//g, '*\\/')} */\n`;
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function literal(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function paren(type: string): string {
  return /[|&]/.test(type) && !/^[{[]/.test(type) ? `(${type})` : type;
}
