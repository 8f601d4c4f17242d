// Gemini CLI: ~/.gemini/settings.json (user) and the project's .gemini/settings.json. Streamable HTTP goes under
// `httpUrl` (`url` means SSE there); settings strings expand `$VAR` and `${VAR}`.
import path from 'node:path';
import { fromStandard, standardClient } from './standard.js';
import type { ClientDef } from './types.js';

// Gemini CLI and its fork Qwen Code share the format; only the folder differs.
export function geminiLike(id: string, title: string, folder: string): ClientDef {
  const def = standardClient({
    id,
    title,
    files: (ctx) => [path.join(ctx.home, folder, 'settings.json'), path.join(ctx.cwd, folder, 'settings.json')],
    urlKey: 'httpUrl',
    headerEnv: (name) => `\${${name}}`,
  });
  return {
    ...def,
    fromEntry: (raw) => {
      // Gemini settings also expand a bare `$VAR`; gateway.json spells it `${VAR}`.
      const entry = bareRefs(fromStandard(raw)) as Record<string, unknown>;
      if (raw.httpUrl === undefined && typeof raw.url === 'string') entry.type = 'sse';
      return entry;
    },
  };
}

function bareRefs(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, '${$1}');
  if (Array.isArray(value)) return value.map(bareRefs);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bareRefs(v)]));
  return value;
}

export const gemini = geminiLike('gemini', 'Gemini CLI', '.gemini');
