// Scoped URIs: ui:// and skill:// gain the server segment and lose it again; everything else is left alone.
import { describe, expect, it } from 'vitest';
import { describedMeta, modelVisible, namesScopedUris, scopeResult, scopeTool, scopeUri, unscopeUri } from '../../src/server/scoped-uris.js';

describe('scoped URIs', () => {
  it('keeps the scheme, adds the server and round-trips', () => {
    expect(scopeUri('alpha', 'ui://app/index.html')).toBe('ui://alpha/app/index.html');
    expect(scopeUri('alpha', 'skill://pdf/SKILL.md')).toBe('skill://alpha/pdf/SKILL.md');
    expect(scopeUri('alpha', 'file:///x')).toBe('file:///x');
    expect(unscopeUri('ui://alpha/app/index.html')).toEqual({ server: 'alpha', uri: 'ui://app/index.html' });
    expect(unscopeUri('skill://beta/a/b/SKILL.md')).toEqual({ server: 'beta', uri: 'skill://a/b/SKILL.md' });
    expect(unscopeUri('ui://alpha')).toBeUndefined();
    expect(unscopeUri('ui:///x')).toBeUndefined();
    expect(unscopeUri('https://alpha/x')).toBeUndefined();
  });

  it("rewrites a tool's app URI and leaves the other _meta.ui fields and unrelated tools as they are", () => {
    const tool = { name: 't', inputSchema: { type: 'object' as const }, _meta: { ui: { resourceUri: 'ui://app/i.html', csp: { a: 1 } }, 'ui/resourceUri': 'ui://app/i.html', x: 1 } };
    expect(scopeTool(tool, 's')._meta).toEqual({ ui: { resourceUri: 'ui://s/app/i.html', csp: { a: 1 } }, 'ui/resourceUri': 'ui://s/app/i.html', x: 1 });
    const plain = { name: 'p', inputSchema: { type: 'object' as const }, _meta: { other: 1 } };
    expect(scopeTool(plain, 's')).toBe(plain);
  });

  it('rewrites every URI of a result, and returns the same object when there is none', () => {
    const result = {
      content: [
        { type: 'text', text: 'ui://app/not-a-link' },
        { type: 'resource_link', uri: 'ui://app/a.html', name: 'a' },
        { type: 'resource', resource: { uri: 'skill://k/SKILL.md', text: '' } },
        { type: 'resource_link', uri: 'https://x', name: 'x' },
      ],
      _meta: { ui: { resourceUri: 'ui://app/b.html' } },
    };
    expect(scopeResult(result, 's')).toEqual({
      content: [
        { type: 'text', text: 'ui://app/not-a-link' },
        { type: 'resource_link', uri: 'ui://s/app/a.html', name: 'a' },
        { type: 'resource', resource: { uri: 'skill://s/k/SKILL.md', text: '' } },
        { type: 'resource_link', uri: 'https://x', name: 'x' },
      ],
      _meta: { ui: { resourceUri: 'ui://s/app/b.html' } },
    });
    const read = { contents: [{ uri: 'file:///a', text: '' }] };
    expect(scopeResult(read, 's')).toBe(read);
  });

  it('leaves app-only tools to the app', () => {
    expect(modelVisible({ _meta: { ui: { visibility: ['app'] } } })).toBe(false);
    expect(modelVisible({ _meta: { ui: { visibility: ['model', 'app'] } } })).toBe(true);
    expect(modelVisible({ _meta: { ui: {} } })).toBe(true);
    expect(modelVisible({})).toBe(true);
    expect(describedMeta({ _meta: { other: 1 } }, 's')).toEqual({});
  });

  it('tells which upstreams name scoped URIs', () => {
    const empty = { tools: [], resources: [], resourceTemplates: [] };
    expect(namesScopedUris(empty)).toBe(false);
    expect(namesScopedUris({ ...empty, resources: [{ uri: 'ui://a' }] })).toBe(true);
    expect(namesScopedUris({ ...empty, capabilities: { extensions: { 'io.modelcontextprotocol/skills': {} } } })).toBe(true);
    expect(namesScopedUris({ ...empty, tools: [{ _meta: { ui: { resourceUri: 'ui://a' } } }] })).toBe(true);
  });
});
