// JSON that parses but must not be trusted as a config: keys that JavaScript treats as an object's prototype, and nesting too deep to walk.

// `__proto__` can set an object's prototype (a server entry that looks empty would inherit a command);
// `constructor` and `prototype` name Object's own members in any plain-object lookup.
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// A config needs a handful of levels (plugin options a few more); a recursive parser overflows its stack near 10,000.
export const MAX_DEPTH = 100;

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

// What to tell a person who wrote a reserved key.
export function reservedKeyMessage(key: string): string {
  return `the key ${JSON.stringify(key)} is not allowed: JavaScript treats it as part of how objects work, so the gateway could act on something the file does not show. Remove or rename it`;
}

// The offset of the first bracket that opens level MAX_DEPTH + 1, found by a flat scan (no recursion, strings skipped).
export function tooDeepAt(text: string, max = MAX_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

// The JSON path of the first reserved own key in an already-built value (a config passed from code), or of the first
// value nested deeper than MAX_DEPTH. Iterative, so a hostile depth cannot overflow the stack.
export function findUnsafeKey(value: unknown): { path: Array<string | number>; reason: 'reserved' | 'depth' } | undefined {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: Array<string | number> };
    if (v === null || typeof v !== 'object') continue;
    if (path.length > MAX_DEPTH) return { path, reason: 'depth' };
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      continue;
    }
    // An object literal's `__proto__: {...}` leaves no own key, only a prototype whose members zod would read.
    // (Class instances, RegExps, Maps passed as plugin options have a prototype with its own `constructor`.)
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null && !Object.hasOwn(proto as object, 'constructor'))
      return { path: [...path, '__proto__'], reason: 'reserved' };
    for (const key of Object.keys(v)) {
      if (isReservedKey(key)) return { path: [...path, key], reason: 'reserved' };
      stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}
