// TypeScript in, JavaScript out: types removed by sucrase, which keeps every line where it was (errors keep their lines).
import type { ScriptError } from './script-errors.js';
import { syntaxError } from './script-errors.js';

type Transform = (
  code: string,
  options: { transforms: ['typescript']; disableESTransforms: true },
) => { code: string };
let transform: Transform | undefined;

// Loaded on the first run, so a gateway without code mode never parses sucrase.
export async function loadStripper(): Promise<void> {
  transform ??= (await import('sucrase')).transform as Transform;
}

// `wrapped` is the whole script already wrapped (top-level await and return are legal there); plain JavaScript passes.
export function stripTypes(wrapped: string): { js: string } | { error: ScriptError } {
  if (!transform) throw new Error('stripTypes called before loadStripper');
  try {
    return { js: transform(wrapped, { transforms: ['typescript'], disableESTransforms: true }).code };
  } catch (error) {
    const loc = (error as { loc?: { line?: unknown; column?: unknown } }).loc;
    const message = String((error as Error).message ?? error).replace(/\s*\(\d+:\d+\)$/, '');
    if (typeof loc?.line === 'number' && typeof loc.column === 'number')
      return { error: syntaxError(message, loc.line, loc.column) };
    return { error: { name: 'SyntaxError', message, frames: [] } };
  }
}
