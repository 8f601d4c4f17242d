// The catalog cache: one catalog and one view per group until invalidated, groups narrow, naming notes logged once.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { LocalTool } from '../../src/catalog/catalog.js';
import { parseConfigText } from '../../src/config/parse.js';
import type { GatewayConfig } from '../../src/config/schema.js';
import { createCatalogCache } from '../../src/gateway/catalog-cache.js';
import { createLogger } from '../../src/log.js';
import { EMPTY_SNAPSHOT } from '../../src/upstream/lists.js';
import type { ServerView } from '../../src/upstream/pool-api.js';

const tool = (name: string): Tool => ({ name, inputSchema: { type: 'object' } });

function configOf(extra: Record<string, unknown> = {}): GatewayConfig {
  return parseConfigText(
    JSON.stringify({
      mcpServers: { a: { command: 'x', description: 'Server A' }, b: { command: 'x', deny: ['drop'] } },
      groups: { dev: { servers: ['a'] } },
      ...extra,
    }),
    { file: '/tmp/cfg/gateway.json', stateDir: '/tmp/cfg/state' },
  );
}

function setup(tools: Record<string, string[]>, config = configOf()) {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', format: 'text', write: (line) => lines.push(line) });
  const servers = (): ServerView[] =>
    config.servers.map((s) => ({
      name: s.name,
      config: s,
      state: 'ready',
      listable: true,
      fresh: true,
      snapshot: { ...EMPTY_SNAPSHOT, tools: (tools[s.name] ?? []).map(tool) },
    }));
  let builds = 0;
  const locals: LocalTool[] = [{ definition: tool('local_echo'), handler: () => 'ok' }];
  const cache = createCatalogCache({
    config: () => config,
    servers: () => {
      builds++;
      return servers();
    },
    locals: () => locals,
    log,
  });
  return { cache, lines, tools, builds: () => builds };
}

describe('createCatalogCache', () => {
  it('merges the servers and the local tools under exposed names', () => {
    const { cache } = setup({ a: ['read'], b: ['write'] });
    expect(cache.catalog().tools.map((t) => t.name)).toEqual(['local_echo', 'a_read', 'b_write']);
  });

  it('builds the catalog once and each view once until invalidated, then rebuilds from the current servers', () => {
    const { cache, tools, builds } = setup({ a: ['read'] });
    const first = cache.catalog();
    expect(cache.view()).toBe(cache.view());
    expect(cache.view('dev')).toBe(cache.view('dev'));
    expect(cache.catalog()).toBe(first);
    expect(builds()).toBe(1);
    tools.a = ['read', 'list'];
    expect(cache.catalog().toolsByName.has('a_list')).toBe(false);
    cache.invalidate();
    const next = cache.catalog();
    expect(next).not.toBe(first);
    expect(next.toolsByName.has('a_list')).toBe(true);
    expect(cache.view().byName.has('a_list')).toBe(true);
    expect(builds()).toBe(2);
  });

  it('narrows a group view to its servers and applies each server’s rules', () => {
    const { cache } = setup({ a: ['read'], b: ['write', 'drop'] });
    expect(cache.view().tools.map((t) => t.name)).toEqual(['local_echo', 'a_read', 'b_write']);
    expect(cache.view('dev').tools.map((t) => t.name)).toEqual(['local_echo', 'a_read']);
    expect(cache.sees(undefined, 'b')).toBe(true);
    expect(cache.sees('dev', 'a')).toBe(true);
    expect(cache.sees('dev', 'b')).toBe(false);
  });

  it('throws for an unknown group in view, while sees answers false', () => {
    const { cache } = setup({ a: ['read'] });
    expect(() => cache.view('nope')).toThrow(/nope/);
    expect(cache.sees('nope', 'a')).toBe(false);
  });

  it('logs each naming note once across rebuilds; a collision as a warning, a cleaned name as info', () => {
    const config = configOf({ mcpServers: { a: { command: 'x' }, b: { command: 'x', prefix: false } } });
    const { cache, lines } = setup({ a: ['x.y'], b: ['local_echo'] }, config);
    cache.catalog();
    cache.invalidate();
    cache.catalog();
    cache.view();
    const cleaned = lines.filter((l) => l.includes("a: 'x.y' is exposed as"));
    const collided = lines.filter((l) => l.includes("b: 'local_echo' collides"));
    expect(cleaned).toHaveLength(1);
    expect(cleaned[0]).toMatch(/^gw info /);
    expect(collided).toHaveLength(1);
    expect(collided[0]).toMatch(/^gw warn /);
    expect(lines).toHaveLength(2);
  });
});
