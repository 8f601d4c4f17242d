// settings.search.embeddings: checks the endpoint entry (field-named problems) and expands its headers' ${VAR}s,
// every expanded value and credential-named header registered as a secret so no log line, state file or reply can carry the key.
import { isAllowedUrl } from '../auth/url-policy.js';
import { GatewayError } from '../errors.js';
import { isSecretName, registerCredential } from '../secrets.js';
import { expandString, missingVariables } from './expand.js';
import type { Problem } from './normalize.js';
import type { EmbeddingsConfig } from './schema.js';

const AT = ['settings', 'search', 'embeddings'];

export function normalizeEmbeddings(
  raw: { url: string; model: string; headers?: Record<string, string> | undefined; format?: 'openai' | 'ollama' | undefined } | undefined,
  problems: Problem[],
): EmbeddingsConfig | undefined {
  if (!raw) return undefined;
  if (!isAllowedUrl(raw.url)) {
    problems.push({
      path: [...AT, 'url'],
      message: `must be an https:// URL or an http:// URL on this machine (localhost, 127.x, [::1]); got ${JSON.stringify(raw.url)}`,
    });
    return undefined;
  }
  // Ollama's endpoint is /api/embed; everything else speaks the OpenAI shape.
  const format = raw.format ?? (new URL(raw.url).pathname.replace(/\/+$/, '').endsWith('/api/embed') ? 'ollama' : 'openai');
  return { url: raw.url, model: raw.model, headers: raw.headers ?? {}, format };
}

// The headers to send, ${VAR}s expanded; throws naming the field when a variable is unset and has no default.
export function expandEmbeddingHeaders(config: EmbeddingsConfig, env: NodeJS.ProcessEnv): Record<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(config.headers)) {
    const field = `${AT.join('.')}.headers.${name}`;
    const missing = missingVariables([value], env);
    if (missing.length > 0) {
      throw new GatewayError('CONFIG_INVALID', `${field} uses \${${missing[0]}}, which is not set; export ${missing[0]} or write \${${missing[0]}:-default}`);
    }
    const expanded = expandString(value, env, { server: 'settings', field });
    // ${VAR} values were registered by expandString; a key written literally under a credential name is masked too.
    if (isSecretName(name)) registerCredential(expanded);
    out.set(name, expanded);
  }
  return Object.fromEntries(out);
}
