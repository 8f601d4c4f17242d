// Unit: applying a tool override and preparing a call's arguments.
import { describe, expect, it } from 'vitest';
import { applyOverride, prepareArguments } from '../../src/catalog/overrides.js';

const tool = {
  name: 'create_issue',
  description: 'Create an issue',
  inputSchema: { type: 'object' as const, properties: { owner: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' } }, required: ['owner', 'title'] },
};

describe('applyOverride', () => {
  it('renames, rewrites the description, hides defaulted parameters and makes them optional', () => {
    const { tool: t, applied, warnings } = applyOverride('gh', tool, { name: 'issue', appendDescription: 'In acme/app.', hide: ['owner'], defaults: { owner: 'acme' } });
    expect(t.name).toBe('issue');
    expect(t.description).toBe('Create an issue\n\nIn acme/app.');
    expect(Object.keys(t.inputSchema.properties ?? {})).toEqual(['title', 'body']);
    expect(t.inputSchema.required).toEqual(['title']);
    expect(applied.rewritesArguments).toBe(true);
    expect(warnings).toEqual([]);
    expect(tool.inputSchema.required).toEqual(['owner', 'title']);
  });

  it('keeps a required parameter without a default visible and says why; warns about unknown parameters', () => {
    const { tool: t, applied, warnings } = applyOverride('gh', tool, { hide: ['title', 'nope'] });
    expect(Object.keys(t.inputSchema.properties ?? {})).toContain('title');
    expect(applied.hidden.size).toBe(0);
    expect(warnings).toEqual([
      "mcpServers.gh.tools.create_issue.hide: 'title' is required by tool 'create_issue'; give it a value in \"defaults\" to hide it",
      "mcpServers.gh.tools.create_issue.hide: 'nope' is not a parameter of tool 'create_issue'",
    ]);
  });
});

describe('prepareArguments', () => {
  const { applied } = applyOverride('gh', tool, { hide: ['owner'], defaults: { owner: 'acme', body: '' } });
  it('fills defaults without overwriting what the client passed', () => {
    expect(prepareArguments(applied, { title: 't', body: 'b' })).toEqual({ args: { title: 't', body: 'b', owner: 'acme' } });
  });
  it('refuses a hidden parameter', () => {
    expect(prepareArguments(applied, { title: 't', owner: 'evil' }).refused).toBe('owner');
  });
});
