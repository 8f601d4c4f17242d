// Turns the text of gateway.json into a validated GatewayConfig, or an error naming file, JSON path and line:column.
import path from 'node:path';
import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { GatewayError } from '../errors.js';
import { MAX_DEPTH, findUnsafeKey, isReservedKey, reservedKeyMessage, tooDeepAt } from './json-shape.js';
import { normalizeConfig, type Problem } from './normalize.js';
import { GatewayFileSchema, type GatewayConfig, type GatewayFile } from './schema.js';

export interface ParseConfigOptions {
  // Where the text came from: used in messages and to resolve relative paths.
  file: string;
  stateDir?: string;
}

// Parses and validates; throws GatewayError('CONFIG_INVALID') listing every problem found.
export function parseConfigText(text: string, options: ParseConfigOptions): GatewayConfig {
  const raw = parseJsonText(text, options.file);
  return validateConfig(raw, { ...options, text: text.replace(/^\uFEFF/, '') });
}

// Strict JSON parse with line:column on syntax errors and duplicate keys. A leading byte-order mark is ignored.
export function parseJsonText(input: string, file: string): unknown {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  // Checked first: the parser would report an empty file as a syntax error at 1:1.
  if (text.trim() === '') {
    throw new GatewayError('CONFIG_INVALID', `${display(file)}: the file is empty; expected a JSON object with "mcpServers".`);
  }
  // Checked before parsing: the parser recurses, and a deep enough file would overflow its stack.
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const { line, col } = lineCol(text, deep);
    throw new GatewayError(
      'CONFIG_INVALID',
      `${display(file)}: the JSON is nested more than ${MAX_DEPTH} levels deep (line ${line}:${col}); a gateway config needs only a few. The file is probably damaged or not a gateway config.`,
    );
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first) {
    const { line, col } = lineCol(text, first.offset);
    throw new GatewayError(
      'CONFIG_INVALID',
      `${display(file)}: invalid JSON: ${describeParseError(printParseErrorCode(first.error))} (line ${line}:${col}). Fix the syntax and save again.`,
    );
  }
  const bad = firstBadKey(text);
  if (bad) {
    const { line, col } = lineCol(text, bad.offset);
    const where = `${display(file)}: ${formatPath(bad.path)}`;
    throw new GatewayError(
      'CONFIG_INVALID',
      bad.reason === 'reserved'
        ? `${where}: ${reservedKeyMessage(bad.key)} (line ${line}:${col}).`
        : `${where}: the key "${bad.key}" appears twice in the same object (line ${line}:${col}); JSON keeps only the last one, so the first would be dropped without a word. Merge or rename them.`,
    );
  }
  return value;
}

// The first reserved key, or key that repeats within one object (offset of its second occurrence), in text order.
function firstBadKey(
  text: string,
): { key: string; offset: number; path: Array<string | number>; reason: 'reserved' | 'duplicate' } | undefined {
  const stack: Array<Set<string>> = [];
  let found: ReturnType<typeof firstBadKey>;
  visit(text, {
    onObjectBegin: () => void stack.push(new Set()),
    onObjectEnd: () => void stack.pop(),
    onObjectProperty: (key, offset, _length, _line, _col, pathSupplier) => {
      const keys = stack[stack.length - 1];
      if (!keys || found) return;
      const at = [...pathSupplier(), key];
      if (isReservedKey(key)) found = { key, offset, path: at, reason: 'reserved' };
      else if (keys.has(key)) found = { key, offset, path: at, reason: 'duplicate' };
      keys.add(key);
    },
  });
  return found;
}

// Validates an already-parsed object (from a file or from code). `text` enables line:column in messages.
export function validateConfig(raw: unknown, options: ParseConfigOptions & { text?: string }): GatewayConfig {
  // Text from a file was checked as it was parsed; a value built in code (or by a gw command) is checked here.
  const unsafe = findUnsafeKey(raw);
  if (unsafe) {
    const key = String(unsafe.path[unsafe.path.length - 1]);
    const message =
      unsafe.reason === 'reserved' ? reservedKeyMessage(key) : `is nested more than ${MAX_DEPTH} levels deep; a gateway config needs only a few`;
    throw new GatewayError('CONFIG_INVALID', formatProblems([{ path: unsafe.path, message }], options.file, options.text));
  }
  const result = GatewayFileSchema.safeParse(raw);
  const problems: Problem[] = result.success
    ? []
    : result.error.issues.flatMap((issue) => issueToProblems(issue, raw));
  let config: GatewayConfig | undefined;
  if (result.success) {
    const dir = path.dirname(path.resolve(options.file));
    const normalized = normalizeConfig(result.data as GatewayFile, { dir, file: options.file, stateDir: options.stateDir });
    problems.push(...normalized.problems);
    config = normalized.config;
  }
  if (problems.length > 0 || !config) {
    throw new GatewayError('CONFIG_INVALID', formatProblems(problems, options.file, options.text));
  }
  return config;
}

// Renders problems as `file: path message (line L:C)` lines.
export function formatProblems(problems: Problem[], file: string, text?: string): string {
  const tree = text ? parseTree(text) : undefined;
  const lines = problems.map((p) => {
    const where = p.path.length > 0 ? `${formatPath(p.path)} ` : '';
    let at = '';
    if (tree && text) {
      const node = findNodeAtLocation(tree, p.path) ?? findNodeAtLocation(tree, p.path.slice(0, -1));
      if (node) {
        const offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
        const { line, col } = lineCol(text, offset);
        at = ` (line ${line}:${col})`;
      }
    }
    return `${display(file)}: ${where}${p.message}${at}`;
  });
  return lines.join('\n');
}

// `mcpServers.github.args[0]` from ['mcpServers','github','args',0].
export function formatPath(p: (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

function describeParseError(code: string): string {
  const words = new Map(Object.entries({
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: "expected ':'",
    CommaExpected: "expected ','",
    CloseBraceExpected: "expected '}'",
    CloseBracketExpected: "expected ']'",
    EndOfFileExpected: 'unexpected content after the end of the JSON value',
    InvalidCommentToken: 'comments are not allowed',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  }));
  return words.get(code) ?? code;
}

const EXPECTED: ReadonlyMap<string, string> = new Map([
  ['string', 'a string'],
  ['number', 'a number'],
  ['boolean', 'true or false'],
  ['array', 'an array'],
  ['object', 'an object'],
  ['record', 'an object'],
]);

function issueToProblems(issue: z.core.$ZodIssue, raw: unknown): Problem[] {
  const p = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...p, key],
        message: `is not a known key${suggestFor(p)}; remove it or fix its spelling (unknown keys are rejected so a typo never drops a rule silently)`,
      }));
    case 'invalid_type': {
      const expected = EXPECTED.get(issue.expected) ?? issue.expected;
      const got = valueAt(raw, p);
      const listed = p.length >= 1 && typeof p[p.length - 1] === 'number';
      const what = listed ? `must be ${expected}` : `must be ${expected}`;
      return [{ path: p, message: got === undefined ? `is required (${expected})` : `${what}, got ${describe(got)}` }];
    }
    case 'invalid_value':
      return [{ path: p, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'too_small':
      return [{ path: p, message: issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}` }];
    default:
      return [{ path: p, message: issue.message }];
  }
}

function suggestFor(p: (string | number)[]): string {
  if (p[0] === 'mcpServers' && p.length === 2)
    return ' for a server (command, args, env, cwd, url, headers, transport, allow, deny, enabled, timeout, maxTimeout, inheritEnv, lazy, idleTimeout, description, maxInFlight, prefix, protocol)';
  if (p[0] === 'groups' && p.length === 2) return ' for a group (servers, allow, deny, description)';
  if (p.length === 0) return ' at the top level (mcpServers, groups, settings, plugins)';
  return '';
}

function valueAt(raw: unknown, p: (string | number)[]): unknown {
  let cur: unknown = raw;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}
