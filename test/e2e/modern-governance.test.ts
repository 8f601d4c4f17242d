// Governance for 2026-07-28 requests is a 2025 session's: on stdio (the connection is one session), and over HTTP group
// rules, redaction, confirmation, rate limits and the audit log on one real `gw serve --http` beside a 2025 session.
// There internal sessions are pooled between requests, yet each stateless request stays a session of its own to
// governance (its own id in the audit log, its own session-scoped limits and remembered confirmations).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { textOf, waitFor } from '../helpers/gateway.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http.js';
import { modernFetch, startModernStdio, type Rpc } from '../helpers/modern.js';

const plugin = (name: string, options: unknown = {}) => ({ module: `fast-mcp-gateway/plugins/${name}`, options });
const config = {
  mcpServers: { fx: fixtureEntry() },
  groups: { quiet: { servers: ['fx'], deny: ['echo'] } },
  plugins: [
    plugin('audit'),
    plugin('redact'),
    plugin('confirm', { tools: ['add'], remember: 'session' }),
    plugin('rate-limit', { limits: [{ scope: 'session', match: 'env', max: 1, window: '1m' }] }),
  ],
};
const SECRET = 'write to ada@example.com';

const modern = (gw: HttpGateway, name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}, path = '/mcp') =>
  modernFetch(gw.base, gw.auth, 'tools/call', { name, arguments: args, ...extra }, { path, capabilities: { elicitation: {} } }).then((r) => r.body);

const text = (answer: Rpc) => textOf(answer.result as never);

describe('governance of 2026-07-28 requests on stdio', () => {
  it('applies redaction, confirmation and rate limits, the connection one session (as a 2025 client\'s is)', async () => {
    const client = startModernStdio(writeConfig(config));
    const call = (name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      client.request('tools/call', { name, arguments: args, ...extra }, { elicitation: {} });
    await waitFor(async () => ((await client.request('tools/list')).result?.tools as Array<{ name: string }>).some((t) => t.name === 'fx_env'));
    expect(text(await call('fx_echo', { text: SECRET }))).toBe('write to [REDACTED:email]');
    expect(text(await call('fx_env', { name: 'HOME' }))).not.toContain('rate limit');
    expect(text(await call('fx_env', { name: 'HOME' }))).toMatch(/^rate limit: at most 1 calls per 1m for this session/);
    const asked = await call('fx_add', { a: 2, b: 3 });
    expect(asked.result?.resultType, JSON.stringify(asked)).toBe('input_required');
    const [key] = Object.keys(asked.result?.inputRequests as object);
    const answers = { [String(key)]: { action: 'accept', content: { approve: true } } };
    expect(text(await call('fx_add', { a: 2, b: 3 }, { requestState: asked.result?.requestState, inputResponses: answers }))).toBe('5');
    // Remembered for the session: the connection's next call with the same arguments is not asked again.
    expect(text(await call('fx_add', { a: 2, b: 3 }))).toBe('5');
  });
});

describe('governance of 2026-07-28 requests over HTTP', () => {
  it('applies group rules, redaction, confirmation, rate limits and audit as for a 2025 session, each request a session of its own', async () => {
    const dir = tempDir();
    const gw = await startHttpGateway(undefined, { configPath: writeConfig(config, dir) });
    const legacy = await gw.connect();
    await waitFor(async () => (await legacy.listTools()).tools.some((t) => t.name === 'fx_env'));

    // Redaction, in both eras alike.
    const redacted = textOf(await legacy.callTool({ name: 'fx_echo', arguments: { text: SECRET } }));
    expect(redacted).toBe('write to [REDACTED:email]');
    expect(text(await modern(gw, 'fx_echo', { text: SECRET }))).toBe(redacted);
    // A group's deny rule: the tool reads as unknown there, the same words in both eras.
    const quiet = await gw.connect('/mcp/g/quiet');
    const hidden = await quiet.callTool({ name: 'fx_echo', arguments: { text: 'hi' } });
    expect(hidden.isError).toBe(true);
    const modernHidden = await modern(gw, 'fx_echo', { text: 'hi' }, {}, '/mcp/g/quiet');
    expect(modernHidden.result?.isError).toBe(true);
    expect(text(modernHidden)).toBe(textOf(hidden));

    // A session-scoped rate limit: a 2025 session's second call is over it; two 2026 requests are two sessions.
    expect(textOf(await legacy.callTool({ name: 'fx_env', arguments: { name: 'HOME' } }))).not.toContain('rate limit');
    expect(textOf(await legacy.callTool({ name: 'fx_env', arguments: { name: 'HOME' } }))).toMatch(/^rate limit: at most 1 calls per 1m for this session/);
    for (let i = 0; i < 2; i++) expect(text(await modern(gw, 'fx_env', { name: 'HOME' }))).not.toContain('rate limit');

    // Confirmation through input_required, asked again by the next request (remembered per session, as in 2025).
    for (let i = 0; i < 2; i++) {
      const asked = await modern(gw, 'fx_add', { a: 2, b: 3 });
      expect(asked.result?.resultType, JSON.stringify(asked)).toBe('input_required');
      const [[key, question]] = Object.entries(asked.result?.inputRequests as Record<string, { method: string; params: { message: string } }>) as [[string, { method: string; params: { message: string } }]];
      expect(question.method).toBe('elicitation/create');
      expect(question.params.message).toContain(`'fx_add'`);
      const answers = { [key]: { action: 'accept', content: { approve: true } } };
      expect(text(await modern(gw, 'fx_add', { a: 2, b: 3 }, { requestState: asked.result?.requestState, inputResponses: answers }))).toBe('5');
    }

    // The audit log: every 2026 call under its client's name, each request under a session id of its own.
    const file = path.join(dir, '.fast-gateway', 'audit.jsonl');
    const entries = await waitFor(() => {
      const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      const parsed = lines.map((l) => JSON.parse(l) as { session: string; client: string; name: string; decision: string });
      return parsed.filter((e) => e.client === 'modern-test').length === 5 ? parsed : undefined;
    });
    const ofModern = entries.filter((e) => e.client === 'modern-test');
    // (The group's hidden tool is not audited: it reads as unknown.)
    expect(ofModern.map((e) => `${e.name} ${e.decision}`)).toEqual(['fx_echo allowed', 'fx_env allowed', 'fx_env allowed', 'fx_add allowed', 'fx_add allowed']);
    expect(new Set(ofModern.map((e) => e.session)).size).toBe(ofModern.length);
    const ofLegacy = entries.filter((e) => e.client === 'http-test' && e.name !== 'fx_echo');
    expect(new Set(ofLegacy.map((e) => e.session)).size).toBe(1);
  });
});
