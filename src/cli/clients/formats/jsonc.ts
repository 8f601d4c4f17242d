// JSON and JSONC client files: parsed with comments allowed, edited with jsonc-parser's minimal text edits so the
// rest of the file (comments, order, indentation) stays as it was.
import { applyEdits, modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { lineCol } from '../../../config/parse.js';
import { GatewayError } from '../../../errors.js';
import type { ConfigFormat } from './index.js';

export const jsoncFormat: ConfigFormat = {
  read(text, file) {
    if (text.trim() === '') return {};
    const errors: ParseError[] = [];
    const value: unknown = parse(text, errors, { allowTrailingComma: true });
    const first = errors[0];
    if (first) {
      const { line, col } = lineCol(text, first.offset);
      throw new GatewayError('CONFIG_INVALID', `${file}: invalid JSON (${printParseErrorCode(first.error)}) at line ${line}:${col}`);
    }
    return value;
  },
  set(text, at, value) {
    const base = text.trim() === '' ? '{}' : text;
    const indent = /^( +|\t)"/m.exec(base)?.[1] ?? '  ';
    const eol = base.includes('\r\n') ? '\r\n' : '\n';
    const formattingOptions = { insertSpaces: indent[0] !== '\t', tabSize: indent[0] === '\t' ? 1 : indent.length, eol };
    const next = applyEdits(base, modify(base, at, value, { formattingOptions }));
    return next.endsWith(eol) ? next : next + eol;
  },
};
