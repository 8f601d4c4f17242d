// TOML client files (Codex): an existing entry is patched in place by @decimalturn/toml-patch, which keeps comments
// and formatting; a new one is appended as its own `[table]` section so it reads like one written by hand.
import { parse, patch, stringify } from '@decimalturn/toml-patch';
import { GatewayError, messageOf } from '../../../errors.js';
import { isRecord } from '../types.js';
import type { ConfigFormat } from './index.js';

export const tomlFormat: ConfigFormat = {
  read(text, file) {
    try {
      return parse(text) as unknown;
    } catch (error) {
      throw new GatewayError('CONFIG_INVALID', `${file}: invalid TOML (${messageOf(error).split('\n')[0]})`, { cause: error });
    }
  },
  set(text, at, value) {
    const doc = parse(text) as Record<string, unknown>;
    const parent = getIn(doc, at.slice(0, -1));
    const key = at[at.length - 1] as string;
    if (isRecord(parent) && Object.hasOwn(parent, key)) return patchIn(text, doc, at, value);
    // A fresh `[a.b.name]` section with its scalar and array keys; nested tables (env, headers) stay inline.
    const header = `[${at.map(tomlKey).join('.')}]`;
    const body = stringify(value as Record<string, unknown>, { inlineTableStart: 0 }).trim();
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lead = text === '' ? '' : text.endsWith(eol + eol) ? '' : text.endsWith(eol) ? eol : eol + eol;
    const appended = `${text}${lead}${header}${eol}${body.replace(/\r?\n/g, eol)}${eol}`;
    try {
      parse(appended);
      return appended;
    } catch {
      // The parent is an inline table (`mcp_servers = { ... }`), which a section may not extend: edit it in place.
      return patchIn(text, doc, at, value);
    }
  },
};

function patchIn(text: string, doc: Record<string, unknown>, at: string[], value: unknown): string {
  let node = doc;
  for (const key of at.slice(0, -1)) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[at[at.length - 1] as string] = value;
  return patch(text, doc);
}

function getIn(doc: Record<string, unknown>, at: string[]): unknown {
  let node: unknown = doc;
  for (const key of at) node = isRecord(node) ? node[key] : undefined;
  return node;
}

// A bare key when TOML allows one, else a quoted key.
function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
