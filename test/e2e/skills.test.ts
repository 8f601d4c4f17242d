// Skills (SEP-2640) through the gateway: two servers that both ship a skill named pdf-tools, listed, fetched and read
// back with their digests checked; a group rule hides one of them from every method.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixtureEntry, GW_BIN, ROOT, runGw, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway } from '../helpers/gateway.js';

const SKILLS = 'io.modelcontextprotocol/skills';
const config = {
  mcpServers: {
    alpha: fixtureEntry('skills.ts', { FIXTURE_NAME: 'alpha' }),
    beta: fixtureEntry('skills.ts', { FIXTURE_NAME: 'beta' }),
  },
  groups: { team: { servers: ['alpha', 'beta'], deny: ['beta_pdf-tools'] } },
};
const client = { capabilities: { extensions: { [SKILLS]: {} } } };

const Entry = z.looseObject({
  uri: z.string(),
  frontmatter: z.looseObject({ name: z.string() }),
  resources: z.array(z.looseObject({ uri: z.string(), digest: z.string(), size: z.number() })),
});
const ListResult = z.looseObject({ skills: z.array(Entry), nextCursor: z.string().optional() });
const Children = z.looseObject({ resources: z.array(z.looseObject({ uri: z.string() })) });

async function listSkills(c: Client): Promise<Array<z.infer<typeof Entry>>> {
  const skills: Array<z.infer<typeof Entry>> = [];
  let cursor: string | undefined;
  do {
    const page = await c.request({ method: 'skills/list', params: cursor ? { cursor } : {} }, ListResult);
    skills.push(...page.skills);
    cursor = page.nextCursor;
  } while (cursor);
  return skills;
}

// Waits for the upstreams: a first list may come while they start (skills/list then waits on each).
async function listWith(c: Client, count: number): Promise<Array<z.infer<typeof Entry>>> {
  for (;;) {
    const skills = await listSkills(c);
    if (skills.length >= count) return skills;
  }
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('Skills', () => {
  it('merges both servers\' skills under scoped skill:// URIs whose files read back with matching digests', async () => {
    const gw = await startGateway(config, { clientOptions: client });
    expect(gw.client.getServerCapabilities()?.extensions?.[SKILLS]).toEqual({ directoryRead: true });
    const skills = await listWith(gw.client, 4);
    expect(skills.map((s) => s.uri).sort()).toEqual([
      'skill://alpha/alpha-notes/SKILL.md',
      'skill://alpha/pdf-tools/SKILL.md',
      'skill://beta/beta-notes/SKILL.md',
      'skill://beta/pdf-tools/SKILL.md',
    ]);
    for (const skill of skills) {
      for (const file of skill.resources) {
        expect(file.uri.startsWith(skill.uri.replace(/SKILL\.md$/, ''))).toBe(true);
        const read = await gw.client.readResource({ uri: file.uri });
        const text = (read.contents[0] as { text: string }).text;
        expect(read.contents[0]?.uri).toBe(file.uri);
        expect(sha256(text)).toBe(file.digest);
      }
    }
    const alphaPdf = await gw.client.readResource({ uri: 'skill://alpha/pdf-tools/SKILL.md' });
    expect((alphaPdf.contents[0] as { text: string }).text).toContain('(alpha)');

    const got = await gw.client.request({ method: 'skills/get', params: { uri: 'skill://beta/pdf-tools/SKILL.md' } }, z.looseObject({ skill: Entry }));
    expect(got.skill.uri).toBe('skill://beta/pdf-tools/SKILL.md');
    expect(got.skill.frontmatter.name).toBe('pdf-tools');
    expect(got.skill.resources.map((r) => r.uri)).toContain('skill://beta/pdf-tools/scripts/fill.sh');

    const dir = await gw.client.request({ method: 'resources/directory/read', params: { uri: 'skill://alpha/pdf-tools' } }, Children);
    expect(dir.resources.map((r) => r.uri).sort()).toEqual(['skill://alpha/pdf-tools/SKILL.md', 'skill://alpha/pdf-tools/scripts']);
  });

  it('hides a skill a group rule denies from skills/list, skills/get, resources/read and directory reads', async () => {
    const gw = await startGateway(config, { clientOptions: client, args: ['--group', 'team'] });
    const skills = await listWith(gw.client, 3);
    expect(skills.map((s) => s.uri).sort()).toEqual(['skill://alpha/alpha-notes/SKILL.md', 'skill://alpha/pdf-tools/SKILL.md', 'skill://beta/beta-notes/SKILL.md']);
    await expect(gw.client.request({ method: 'skills/get', params: { uri: 'skill://beta/pdf-tools/SKILL.md' } }, z.looseObject({}))).rejects.toThrow(/Unknown skill/);
    await expect(gw.client.readResource({ uri: 'skill://beta/pdf-tools/scripts/fill.sh' })).rejects.toThrow(/Resource not found/);
    await expect(gw.client.request({ method: 'resources/directory/read', params: { uri: 'skill://beta/pdf-tools' } }, Children)).rejects.toThrow(/Resource not found/);
    const root = await gw.client.request({ method: 'resources/directory/read', params: { uri: 'skill://beta/' } }, Children);
    expect(root.resources.map((r) => r.uri)).toEqual(['skill://beta/beta-notes']);
    // Alpha's skill of the same name is still there.
    expect((await gw.client.readResource({ uri: 'skill://alpha/pdf-tools/scripts/fill.sh' })).contents[0]).toMatchObject({ text: '#!/bin/sh\necho alpha\n' });
  });

  it('passes the MCP Inspector CLI check (skills/list --verify)', async () => {
    const configPath = writeConfig(config);
    // The inspector lists right after initialize; `gw tools` fills the cache that tells the gateway what upstreams offer.
    expect((await runGw(['tools', '--config', configPath])).code).toBe(0);
    const inspector = path.join(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');
    const r = await execa(
      process.execPath,
      [inspector, '--cli', '--method', 'skills/list', '--verify', '--', process.execPath, GW_BIN, 'serve', '--config', configPath],
      { cwd: ROOT, env: { GW_LOG_LEVEL: 'warn', HOME: tempDir('gw-inspector-home-') }, reject: false, timeout: 90_000 },
    );
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('skill://beta/pdf-tools/SKILL.md');
  });
});
