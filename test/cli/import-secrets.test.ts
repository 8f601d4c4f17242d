// Unit: which imported values count as literal secrets, and the ${VAR} references --env-refs puts in their place.
import { describe, expect, it } from 'vitest';
import { envName, findSecrets, isLiteral, toEnvRefs } from '../../src/cli/import-secrets.js';

describe('findSecrets', () => {
  it('flags secret-looking env values and headers, a URL password, and nothing else', () => {
    const spots = findSecrets({
      env: { GITHUB_TOKEN: 'ghp_x', PORT: '8080', API_KEY: '${API_KEY}', DB_PASSWORD: 'hunter2' },
      headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k', Accept: 'json', Cookie: 'Bearer ${C}' },
      url: 'https://user:pw@example.com/mcp',
    });
    expect(spots.map((s) => s.where)).toEqual(['env.GITHUB_TOKEN', 'env.DB_PASSWORD', 'headers.Authorization', 'headers.X-Api-Key', 'url']);
  });

  it('treats references, with or without an auth scheme, as no secret', () => {
    expect(isLiteral('${A}')).toBe(false);
    expect(isLiteral('Bearer ${A}')).toBe(false);
    expect(isLiteral('Bearer abc')).toBe(true);
    expect(isLiteral('prefix-${A}')).toBe(true);
  });
});

describe('toEnvRefs', () => {
  it('replaces env secrets by a same-name reference and headers by SERVER_TOKEN / SERVER_HEADER, keeping the scheme', () => {
    const taken = new Map<string, string>();
    const { entry, spots } = toEnvRefs(
      'my-docs',
      { url: 'https://x/mcp', env: { GITHUB_TOKEN: 'ghp_x', PORT: '1' }, headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k' } },
      taken,
    );
    expect(entry).toEqual({
      url: 'https://x/mcp',
      env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', PORT: '1' },
      headers: { Authorization: 'Bearer ${MY_DOCS_TOKEN}', 'X-Api-Key': '${MY_DOCS_X_API_KEY}' },
    });
    expect(spots).toEqual([
      { where: 'env.GITHUB_TOKEN', variable: 'GITHUB_TOKEN' },
      { where: 'headers.Authorization', variable: 'MY_DOCS_TOKEN' },
      { where: 'headers.X-Api-Key', variable: 'MY_DOCS_X_API_KEY' },
    ]);
  });

  it('gives two different secrets under one name two variables, and one secret used twice one variable', () => {
    const taken = new Map<string, string>();
    expect(toEnvRefs('a', { env: { API_KEY: 'one' } }, taken).entry.env).toEqual({ API_KEY: '${API_KEY}' });
    expect(toEnvRefs('b', { env: { API_KEY: 'two' } }, taken).entry.env).toEqual({ API_KEY: '${B_API_KEY}' });
    expect(toEnvRefs('c', { env: { API_KEY: 'one' } }, taken).entry.env).toEqual({ API_KEY: '${API_KEY}' });
    expect(toEnvRefs('b', { env: { API_KEY: 'three' } }, taken).entry.env).toEqual({ API_KEY: '${B_API_KEY_2}' });
  });

  it('makes shell-safe names', () => {
    expect(envName('my-docs_x-api-key')).toBe('MY_DOCS_X_API_KEY');
    expect(envName('1password')).toBe('_1PASSWORD');
    expect(envName('constructor')).toBe('CONSTRUCTOR');
  });
});
