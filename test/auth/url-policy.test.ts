import { describe, expect, it } from 'vitest';
import { assertAllowedUrl, isAllowedUrl } from '../../src/auth/url-policy.js';

describe('OAuth URL policy', () => {
  it('allows https anywhere and http to loopback only', () => {
    expect(isAllowedUrl('https://auth.example.com/token')).toBe(true);
    expect(isAllowedUrl('http://127.0.0.1:8080/callback')).toBe(true);
    expect(isAllowedUrl('http://127.5.6.7/x')).toBe(true);
    expect(isAllowedUrl('http://localhost:3000/')).toBe(true);
    expect(isAllowedUrl('http://[::1]:9/')).toBe(true);
    expect(isAllowedUrl('http://auth.example.com/token')).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1.evil.com/')).toBe(false);
    expect(isAllowedUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedUrl('not a url')).toBe(false);
  });

  it('names the server and the refused URL', () => {
    expect(() => assertAllowedUrl('linear', 'endpoint', 'http://auth.example.com/token')).toThrow(/server 'linear': refusing the OAuth endpoint "http:\/\/auth.example.com\/token"/);
  });
});
