// In-process: for every client `gw install` knows, its default file, its stdio and HTTP entries written into a file
// that holds other settings and comments (kept, backed up once, idempotent), and `gw import` reading it back. The
// command itself (messages, --print, exit codes) runs as a real process, one client per format, in
// test/e2e/cli-install-clients.test.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServers, writeEntry } from '../../../src/cli/clients/entry-file.js';
import { getClient } from '../../../src/cli/clients/index.js';
import { connectsToGateway } from '../../../src/cli/gateway-chain.js';
import { GW_BIN, tempDir } from '../../helpers/gw.js';
import { CASES, PLACEHOLDER, URL_OUT, parse, type Entry } from '../../helpers/install-cases.js';

describe.each(CASES)('install entries: $client', (c) => {
  it('writes into the default file keeping settings and comments, backs up once, is idempotent; import reads it back', async () => {
    const def = getClient(c.client);
    if (!def) throw new Error(`no client ${c.client}`);
    const home = tempDir('gw-home-');
    const file = def.files({ home, cwd: tempDir(), env: {}, platform: 'linux' })[0] ?? '';
    expect(path.relative(home, file)).toBe(path.normalize(c.file));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, c.original, { mode: 0o600 });
    const servers = (text: string) => parse(c.format, text)[c.at] as Record<string, Entry>;

    const args = [GW_BIN, 'serve', '--config', '/cfg/gateway.json', '--group', 'dev'];
    const stdio = def.toEntry({ kind: 'stdio', command: process.execPath, args }, 'gw');
    expect(await writeEntry(def, file, 'gw', stdio.entry, false)).toBe('added');
    expect(readFileSync(file + '.bak', 'utf8')).toBe(c.original);
    const text = readFileSync(file, 'utf8');
    for (const comment of c.comments) expect(text).toContain(comment);
    expect(parse(c.format, text)).toMatchObject(c.kept);
    expect(servers(text).gw).toEqual(c.stdio(args, 'gw'));
    expect(Object.keys(servers(text))).toEqual(['other', 'gw']);
    expect(await writeEntry(def, file, 'gw', stdio.entry, false)).toBe('unchanged');
    expect(readFileSync(file, 'utf8')).toBe(text);

    // The HTTP entry replaces the stdio one without --force (both are the gateway's).
    const http = def.toEntry({ kind: 'http', url: URL_OUT, tokenEnv: 'GW_TOKEN' }, 'gw');
    expect(await writeEntry(def, file, 'gw', http.entry, false)).toBe('updated');
    const after = readFileSync(file, 'utf8');
    expect(servers(after).gw).toEqual(c.http);
    for (const comment of c.comments) expect(after).toContain(comment);
    expect(readFileSync(file + '.bak', 'utf8')).toBe(c.original);
    expect(http.notes?.join('\n')).toMatch(JSON.stringify(c.http).includes(PLACEHOLDER) ? /cannot take a header from the environment/ : /takes the token from \$GW_TOKEN/);

    const read = await readServers(def, file);
    expect(def.fromEntry(read.other as Entry)).toEqual(c.imported);
    expect(connectsToGateway(def.fromEntry(read.gw as Entry) as Entry)).toBe(true);
  });
});
