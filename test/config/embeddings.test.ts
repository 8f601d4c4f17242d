// settings.search.embeddings: the URL policy and format with field-named problems, and header expansion whose values
// are registered as secrets.
import { describe, expect, it } from 'vitest';
import { expandEmbeddingHeaders, normalizeEmbeddings } from '../../src/config/embeddings.js';
import type { Problem } from '../../src/config/normalize.js';
import { parseConfigText } from '../../src/config/parse.js';
import { maskSecrets } from '../../src/secrets.js';

const entry = (url: string, extra: Record<string, unknown> = {}) => ({ url, model: 'm', ...extra });

describe('normalizeEmbeddings', () => {
  it('takes https anywhere and http on this machine, and tells the format from the path', () => {
    const problems: Problem[] = [];
    expect(normalizeEmbeddings(entry('http://127.0.0.1:11434/api/embed'), problems)?.format).toBe('ollama');
    expect(normalizeEmbeddings(entry('http://localhost:8080/v1/embeddings'), problems)?.format).toBe('openai');
    expect(normalizeEmbeddings(entry('https://example.com/api/embed', { format: 'openai' }), problems)?.format).toBe('openai');
    expect(problems).toEqual([]);
  });

  it('refuses plain http to another machine, naming the field', () => {
    const problems: Problem[] = [];
    expect(normalizeEmbeddings(entry('http://10.0.0.5/v1/embeddings'), problems)).toBeUndefined();
    expect(problems).toEqual([{ path: ['settings', 'search', 'embeddings', 'url'], message: expect.stringContaining('https://') as string }]);
  });

  it('reports the field in gateway.json', () => {
    const text = JSON.stringify({ settings: { search: { embeddings: { url: 'http://192.168.1.2/v1/embeddings', model: 'm' } } } });
    expect(() => parseConfigText(text, { file: '/tmp/gw-embed/gateway.json' })).toThrow(/settings\.search\.embeddings\.url/);
    const typo = JSON.stringify({ settings: { search: { embeddings: { url: 'http://localhost/v1/embeddings' } } } });
    expect(() => parseConfigText(typo, { file: '/tmp/gw-embed/gateway.json' })).toThrow(/settings\.search\.embeddings\.model/);
  });
});

describe('expandEmbeddingHeaders', () => {
  it('expands ${VAR} and masks the key afterwards', () => {
    const config = normalizeEmbeddings(entry('http://localhost/v1/embeddings', { headers: { Authorization: 'Bearer ${EMBED_TEST_KEY}' } }), []);
    const headers = expandEmbeddingHeaders(config!, { EMBED_TEST_KEY: 'sk-unit-4242-secret' });
    expect(headers).toEqual({ Authorization: 'Bearer sk-unit-4242-secret' });
    expect(maskSecrets('sent sk-unit-4242-secret')).toBe('sent ***');
  });

  it('names the header field and the variable when it is unset', () => {
    const config = normalizeEmbeddings(entry('http://localhost/v1/embeddings', { headers: { 'x-api-key': '${NOPE_KEY}' } }), []);
    expect(() => expandEmbeddingHeaders(config!, {})).toThrow('settings.search.embeddings.headers.x-api-key uses ${NOPE_KEY}, which is not set');
  });
});
