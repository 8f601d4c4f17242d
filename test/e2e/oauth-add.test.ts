// `gw add --url` of a server behind the MCP authorization spec says at once that it needs a login, and how.
import { describe, expect, it } from 'vitest';
import { runGw } from '../helpers/gw.js';
import { startOAuth } from '../helpers/oauth.js';

describe('gw add --url of a protected server', () => {
  it('says it asks for an OAuth login and names the command; an open or disabled server gets no such note', async () => {
    const o = await startOAuth({});
    const added = await runGw(['add', 'tracker', '--url', o.mcp.url, '--config', o.configPath]);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('gw: tracker asks for an OAuth login: run `gw auth login tracker`');
    const disabled = await runGw(['add', 'later', '--url', o.mcp.url, '--disabled', '--config', o.configPath]);
    expect(disabled.code).toBe(0);
    expect(disabled.stderr).not.toContain('asks for an OAuth login');
    // The authorization server's own metadata endpoint answers without a challenge: no note.
    const open = await runGw(['add', 'meta', '--url', `${o.as.issuer}/.well-known/oauth-authorization-server`, '--config', o.configPath]);
    expect(open.code).toBe(0);
    expect(open.stderr).not.toContain('asks for an OAuth login');
  });
});
