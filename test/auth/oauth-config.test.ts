// Unit tests for the "oauth" key of a remote server entry, the URL policy of OAuth flows, and the browser command.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../src/auth/browser.js';
import { assertAllowedUrl, isAllowedUrl } from '../../src/auth/url-policy.js';
import { parseConfigText } from '../../src/config/parse.js';
import type { RemoteServerConfig } from '../../src/config/schema.js';

const FILE = path.resolve('/tmp/gw-oauth-config/gateway.json');
const parse = (entry: unknown) => parseConfigText(JSON.stringify({ mcpServers: { s: entry } }), { file: FILE }).servers[0] as RemoteServerConfig;
const rejects = (entry: unknown) => {
  try {
    parse(entry);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the entry to be rejected');
};

describe('"oauth" in a server entry', () => {
  it('normalises true and the object form; absent means no OAuth', () => {
    expect(parse({ url: 'https://a.example/mcp', oauth: true }).oauth).toEqual({ scopes: [], grant: 'authorization_code' });
    expect(parse({ url: 'https://a.example/mcp' }).oauth).toBeUndefined();
    expect(parse({ url: 'https://a.example/mcp', oauth: { clientId: 'id', clientSecret: '${SECRET}', scopes: ['read'], grant: 'client_credentials' } }).oauth).toEqual({
      clientId: 'id',
      clientSecret: '${SECRET}',
      scopes: ['read'],
      grant: 'client_credentials',
    });
  });

  it('rejects unknown keys, OAuth on a local server, client_credentials without a client, and a non-https metadata document', () => {
    expect(rejects({ url: 'https://a.example/mcp', oauth: { clientID: 'x' } })).toMatch(/mcpServers\.s\.oauth/);
    expect(rejects({ command: 'x', oauth: true })).toMatch(/oauth.*applies only to remote servers/);
    expect(rejects({ url: 'https://a.example/mcp', oauth: { grant: 'client_credentials' } })).toMatch(/needs "clientId" and "clientSecret"/);
    expect(rejects({ url: 'https://a.example/mcp', oauth: { clientMetadataUrl: 'http://c.example/doc.json' } })).toMatch(/clientMetadataUrl.*https/);
  });
});

describe('OAuth URL policy', () => {
  it('allows https anywhere and http only to loopback', () => {
    for (const ok of ['https://as.example/token', 'http://127.0.0.1:8080/cb', 'http://localhost/x', 'http://[::1]:9/x']) expect(isAllowedUrl(ok), ok).toBe(true);
    for (const bad of ['http://as.example/token', 'file:///etc/passwd', 'javascript:alert(1)', 'http://127.0.0.1.evil.example/', 'not a url']) expect(isAllowedUrl(bad), bad).toBe(false);
    expect(() => assertAllowedUrl('linear', 'token endpoint', 'http://as.example/token')).toThrow(/server 'linear'.*token endpoint "http:\/\/as\.example\/token".*nothing was stored/);
  });
});

describe('browserCommand', () => {
  it('splits $BROWSER into argv (no shell) and falls back to the platform opener', () => {
    expect(browserCommand({ BROWSER: 'firefox --new-window' }, 'linux')).toEqual(['firefox', '--new-window']);
    expect(browserCommand({ BROWSER: 'x; rm -rf ~' }, 'linux')).toEqual(['x;', 'rm', '-rf', '~']);
    expect(browserCommand({}, 'linux')).toEqual(['xdg-open']);
    expect(browserCommand({}, 'darwin')).toEqual(['open']);
    expect(browserCommand({}, 'win32')[0]).toBe('rundll32');
  });
});
