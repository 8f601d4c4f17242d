// The admin API: CRUD over gateway.json through the store, error codes, and changes reaching connected sessions live.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { toolNames, waitFor } from '../helpers/gateway.js';
import { startHttpGateway, storedToken, type HttpGateway } from '../helpers/http.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

// Every admin call carries the admin token (the client token never opens /admin).
async function call(gw: HttpGateway, method: string, path: string, body?: unknown) {
  const headers = { ...JSON_HEADERS, Authorization: `Bearer ${storedToken(gw.configPath, 'admin')}` };
  const res = await gw.fetch(`/admin${path}`, { method, headers, ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('gw serve --http: admin API', () => {
  it('adds, changes and removes servers; a connected session sees each change via list_changed', async () => {
    const gw = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } }, { args: ['--admin'] });
    let changes = 0;
    const client = await gw.connect('/mcp', { onToolsChanged: () => changes++ });
    await toolNames(client, ['fx_echo']);

    const listed = await call(gw, 'GET', '/servers');
    expect(listed.status).toBe(200);
    expect(listed.body.servers).toEqual([expect.objectContaining({ name: 'fx', config: expect.objectContaining({ command: process.execPath }) })]);

    const before = changes;
    const added = await call(gw, 'POST', '/servers', { name: 'more', config: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'more' }) });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'more', config: { command: process.execPath } });
    expect(JSON.parse(readFileSync(gw.configPath, 'utf8')).mcpServers.more).toBeDefined();
    await toolNames(client, ['more_echo', 'fx_echo']);
    await waitFor(() => changes > before);

    expect(await call(gw, 'POST', '/servers', { name: 'more', config: { command: 'x' } })).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_EXISTS' } } });
    expect(await call(gw, 'POST', '/servers', { name: 'bad_name', config: { command: 'x' } })).toMatchObject({ status: 422, body: { error: { code: 'INVALID_NAME' } } });
    const invalid = await call(gw, 'POST', '/servers', { name: 'typo', config: { command: 'x', agrs: [] } });
    expect(invalid).toMatchObject({ status: 422, body: { error: { code: 'CONFIG_INVALID', message: expect.stringMatching(/mcpServers\.typo\.agrs/) } } });
    expect(JSON.parse(readFileSync(gw.configPath, 'utf8')).mcpServers.typo).toBeUndefined();
    expect(await call(gw, 'POST', '/servers', { config: {} })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_BODY' } } });
    expect(await call(gw, 'POST', '/servers', '{not json')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
    const wrongType = await gw.fetch('/admin/servers', { method: 'POST', headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${storedToken(gw.configPath, 'admin')}` }, body: '{}' });
    expect(wrongType.status).toBe(415);
    expect(await call(gw, 'GET', '/servers/nope')).toMatchObject({ status: 404, body: { error: { code: 'SERVER_NOT_FOUND', message: expect.stringMatching(/nope/) } } });
    expect(await call(gw, 'PUT', '/servers')).toMatchObject({ status: 405 });
    expect(await call(gw, 'GET', '/nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });

    const patched = await call(gw, 'PATCH', '/servers/more', { deny: ['echo'], description: 'a second fixture' });
    expect(patched).toMatchObject({ status: 200, body: { config: { deny: ['echo'], description: 'a second fixture' } } });
    await waitFor(async () => !(await client.listTools()).tools.some((t) => t.name === 'more_echo'));
    const tools = await call(gw, 'GET', '/servers/more/tools');
    expect(tools.status).toBe(200);
    expect(tools.body.tools).toContainEqual({ name: 'more_echo', original: 'echo', description: 'echo the text back', visible: false });
    expect(tools.body.tools).toContainEqual(expect.objectContaining({ name: 'more_add', visible: true }));
    expect((await call(gw, 'PATCH', '/servers/more', { description: null })).body.config.description).toBeUndefined();

    const tested = await call(gw, 'POST', '/servers/more/test');
    expect(tested).toMatchObject({ status: 200, body: { name: 'more', ok: true, tools: 14 } });

    expect((await call(gw, 'DELETE', '/servers/more')).status).toBe(204);
    await waitFor(async () => !(await client.listTools()).tools.some((t) => t.name.startsWith('more_')));
    expect(await call(gw, 'DELETE', '/servers/more')).toMatchObject({ status: 404 });
  });

  it('manages groups and their members, with the codes for each error', async () => {
    const gw = await startHttpGateway({ mcpServers: { fx: fixtureEntry(), other: fixtureEntry('fixture.ts', { FIXTURE_NAME: 'other' }) } }, { args: ['--admin'] });
    const created = await call(gw, 'POST', '/groups', { name: 'dev', servers: ['fx'], deny: ['sleep'] });
    expect(created).toEqual({ status: 201, body: { name: 'dev', servers: ['fx'], allow: [], deny: ['sleep'] } });
    const dev = await gw.connect('/mcp/g/dev');
    expect(await toolNames(dev, ['fx_echo'])).not.toContain('fx_sleep');

    expect(await call(gw, 'POST', '/groups', { name: 'dev' })).toMatchObject({ status: 409 });
    expect(await call(gw, 'POST', '/groups', { name: 'ghost', servers: ['missing'] })).toMatchObject({ status: 422, body: { error: { message: expect.stringMatching(/missing/) } } });
    expect(await call(gw, 'POST', '/groups', { name: 'has space' })).toMatchObject({ status: 422 });

    const put = await call(gw, 'PUT', '/groups/dev/servers', ['fx', 'other']);
    expect(put).toMatchObject({ status: 200, body: { servers: ['fx', 'other'] } });
    await toolNames(dev, ['other_echo']);
    expect(await call(gw, 'PUT', '/groups/dev/servers', { servers: 'fx' })).toMatchObject({ status: 400 });
    expect(await call(gw, 'PUT', '/groups/nope/servers', ['fx'])).toMatchObject({ status: 404, body: { error: { code: 'GROUP_NOT_FOUND' } } });

    expect(await call(gw, 'PATCH', '/groups/dev', { allow: ['echo'], deny: null })).toMatchObject({ status: 200, body: { allow: ['echo'], deny: [] } });
    expect((await call(gw, 'GET', '/groups')).body.groups).toEqual([{ name: 'dev', servers: ['fx', 'other'], allow: ['echo'], deny: [] }]);
    expect((await call(gw, 'GET', '/groups/dev')).status).toBe(200);

    expect((await call(gw, 'DELETE', '/groups/dev')).status).toBe(204);
    expect(await call(gw, 'GET', '/groups/dev')).toMatchObject({ status: 404 });
    expect(JSON.parse(readFileSync(gw.configPath, 'utf8')).groups).toBeUndefined();
    // The group's route is gone with it.
    await waitFor(async () => (await gw.fetch('/mcp/g/dev', { method: 'POST' })).status === 404);
  });

  it('reloads on request (422 for an invalid file, the last good config kept), serves its OpenAPI document, and is off without --admin', async () => {
    const gw = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } }, { args: ['--no-watch', '--admin'] });
    const spec = await call(gw, 'GET', '/openapi.json');
    expect(spec.body.openapi).toBe('3.1.0');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/servers', '/servers/{name}', '/servers/{name}/tools', '/servers/{name}/test', '/groups', '/groups/{name}', '/groups/{name}/servers', '/reload']));

    const client = await gw.connect();
    await toolNames(client, ['fx_echo']);
    const config = JSON.parse(readFileSync(gw.configPath, 'utf8'));
    config.mcpServers.fx.deny = ['echo'];
    writeFileSync(gw.configPath, JSON.stringify(config));
    // --no-watch: nothing changes until the reload.
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('fx_echo');
    expect(await call(gw, 'POST', '/reload')).toMatchObject({ status: 200, body: { reloaded: true } });
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('fx_echo');

    writeFileSync(gw.configPath, '{ "mcpServers": { "fx": { "bogus": true } } }');
    expect(await call(gw, 'POST', '/reload')).toMatchObject({ status: 422, body: { error: { code: 'CONFIG_INVALID' } } });
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('fx_add');

    const off = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } });
    const offAnswer = await off.fetch('/admin/servers');
    expect(offAnswer.status).toBe(404);
    expect(await offAnswer.text()).toMatch(/--admin/);
  });
});
