// The /readyz verdict for each --ready policy over upstream states, and the OpenAPI document built from zod: pure, no processes.
import { describe, expect, it } from 'vitest';
import { createOpenApi } from '../../src/http/openapi.js';
import { readyState } from '../../src/http/ready.js';

describe('readyState', () => {
  it('any: one ready upstream (or none configured) is enough', () => {
    expect(readyState('any', ['starting', 'ready', 'failed'], false).ready).toBe(true);
    expect(readyState('any', ['starting', 'failed'], false)).toEqual({ ready: false, policy: 'any', draining: false, upstreams: { ready: 0, total: 2 } });
    expect(readyState('any', [], false).ready).toBe(true);
  });

  it('all: every upstream must be ready; none: ready at once', () => {
    expect(readyState('all', ['ready', 'ready'], false).ready).toBe(true);
    expect(readyState('all', ['ready', 'needs-login'], false).ready).toBe(false);
    expect(readyState('none', ['failed'], false).ready).toBe(true);
  });

  it('is never ready while draining', () => {
    for (const policy of ['any', 'all', 'none'] as const) expect(readyState(policy, ['ready'], true)).toMatchObject({ ready: false, draining: true });
  });
});

describe('createOpenApi', () => {
  it("describes gateway.json's server and group entries from their zod schemas, every field included", () => {
    const doc = createOpenApi();
    const entry = doc.components.schemas.ServerEntry as { properties: Record<string, unknown>; additionalProperties: boolean };
    // Fields the hand-written document lacked (#13), now present because the schema has them.
    expect(Object.keys(entry.properties)).toEqual(expect.arrayContaining(['command', 'url', 'oauth', 'tools', 'inheritEnv']));
    expect(entry.additionalProperties).toBe(false);
    const group = doc.components.schemas.GroupEntry as { properties: Record<string, unknown> };
    expect(Object.keys(group.properties)).toEqual(expect.arrayContaining(['servers', 'allow', 'deny']));
    expect(doc.paths['/servers'].post.responses).toHaveProperty('413');
    expect(JSON.stringify(doc)).not.toContain('$schema');
  });
});
