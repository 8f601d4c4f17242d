// What a failed script reports: the error, where it happened in the script (line:column), and only the script's frames.
import { MAIN_PREFIX, SCRIPT_FILE } from './prelude.js';

export interface ScriptError {
  name: string;
  message: string;
  line?: number;
  column?: number;
  // "at fn (line 3:5)", innermost first; frames outside the script (the gateway's prelude) are left out.
  frames: string[];
}

// From what the sandbox reported ({ name, message, stack } as QuickJS writes it).
export function toScriptError(raw: { name?: unknown; message?: unknown; stack?: unknown }): ScriptError {
  const frames: string[] = [];
  let line: number | undefined;
  let column: number | undefined;
  for (const text of String(raw.stack ?? '').split('\n')) {
    const at = frameOf(text);
    if (!at) continue;
    if (line === undefined) {
      line = at.line;
      column = at.column;
    }
    frames.push(at.fn ? `at ${at.fn} (line ${at.line}:${at.column})` : `at line ${at.line}:${at.column}`);
  }
  return {
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : 'Error',
    message: String(raw.message ?? ''),
    ...(line !== undefined && { line }),
    ...(column !== undefined && { column }),
    frames,
  };
}

// A syntax error found while stripping types: the parser's position is in the wrapped text.
export function syntaxError(message: string, line: number, column: number): ScriptError {
  const at = position(line, column);
  return { name: 'SyntaxError', message, ...at, frames: [`at line ${at.line}:${at.column}`] };
}

export function formatScriptError(error: ScriptError): string {
  const where = error.line !== undefined ? ` (line ${error.line}, column ${error.column ?? 0})` : '';
  const frames = error.frames.length > 1 ? `\n${error.frames.map((f) => `    ${f}`).join('\n')}` : '';
  return `${error.name}: ${error.message}${where}${frames}`;
}

// "    at fn (run_code.ts:3:5)" or "    at run_code.ts:3:5"; the script's anonymous wrapper reads as no function.
function frameOf(text: string): { fn?: string; line: number; column: number } | undefined {
  const match = /^\s*at (?:(.+?) \()?([^()]+):(\d+):(\d+)\)?\s*$/.exec(text);
  // <eval> is the wrapper's own call, not a line of the script.
  if (!match || match[2] !== SCRIPT_FILE || match[1] === '<eval>') return undefined;
  const fn = match[1] && match[1] !== '<anonymous>' ? match[1] : undefined;
  return { ...(fn !== undefined && { fn }), ...position(Number(match[3]), Number(match[4])) };
}

// The script starts on line 1 after the wrapper's prefix.
function position(line: number, column: number): { line: number; column: number } {
  return { line, column: line === 1 ? Math.max(1, column - MAIN_PREFIX.length) : column };
}
