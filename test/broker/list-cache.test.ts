// The broker's kept first-page listings of a shared 2025 upstream: kept as they pass, dropped by the matching change.
import { describe, expect, it } from 'vitest';
import { createListCache } from '../../src/broker/list-cache.js';

describe('the kept listings of a shared upstream', () => {
  it('keeps first pages only, and drops a list when the upstream says it changed', () => {
    const cache = createListCache();
    const tools = { tools: [{ name: 'echo' }] };
    cache.store('tools/list', tools, cache.begin('tools/list', {})!);
    expect(cache.begin('tools/list', { cursor: 'p2' })).toBeUndefined();
    expect(cache.begin('tools/call', {})).toBeUndefined();
    cache.store('prompts/list', { prompts: [] }, cache.begin('prompts/list', undefined)!);
    expect(cache.snapshot()).toEqual({ 'tools/list': tools, 'prompts/list': { prompts: [] } });
    cache.changed('notifications/tools/list_changed');
    expect(cache.snapshot()).toEqual({ 'prompts/list': { prompts: [] } });
  });

  it('does not keep an answer to a request sent before a list change', () => {
    const cache = createListCache();
    const since = cache.begin('resources/list', {})!;
    cache.changed('notifications/resources/list_changed');
    cache.store('resources/list', { resources: [] }, since);
    expect(cache.snapshot()).toEqual({});
    cache.store('resources/list', { resources: [] }, cache.begin('resources/list', {})!);
    expect(Object.keys(cache.snapshot())).toEqual(['resources/list']);
  });
});
