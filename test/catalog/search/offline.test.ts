import { describe, expect, it } from 'vitest';
import { catalogWords, padCatalog } from '../../../src/catalog/search/distractors.js';
import { runOfflineSearch } from '../../../src/catalog/search/offline.js';

const CATALOG = [
  { server: 'slack', name: 'slack_post_message', description: 'Post a new message to a Slack channel' },
  {
    server: 'google-maps',
    name: 'maps_geocode',
    description: 'Convert an address into geographic coordinates',
  },
];

describe('runOfflineSearch', () => {
  it('names tools `${server}_${tool}` and answers each query in order', () => {
    const out = runOfflineSearch(CATALOG, ['send a chat message', 'latitude of an address'], 5);
    expect(out.map((o) => o.query)).toEqual(['send a chat message', 'latitude of an address']);
    expect(out[0]?.results[0]).toMatchObject({
      name: 'slack_slack_post_message',
      server: 'slack',
      tool: 'slack_post_message',
    });
    expect(out[1]?.results[0]?.name).toBe('google-maps_maps_geocode');
  });
});

describe('padCatalog', () => {
  it('pads to the requested size deterministically, keeping the real tools first', () => {
    const a = padCatalog(CATALOG, 500);
    const b = padCatalog(CATALOG, 500);
    expect(a).toHaveLength(500);
    expect(a).toEqual(b);
    expect(a.slice(0, 2)).toEqual(CATALOG);
    expect(padCatalog(CATALOG, 500, 7)).not.toEqual(a);
  });

  it('makes unique names that clients accept on servers the catalog does not use', () => {
    const padded = padCatalog(CATALOG, 3000);
    const keys = new Set(padded.map((t) => `${t.server}:${t.name}`));
    expect(keys.size).toBe(3000);
    for (const t of padded.slice(2)) {
      expect(`${t.server}_${t.name}`).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(['slack', 'google-maps']).not.toContain(t.server);
    }
  });

  it('reuses the catalog vocabulary', () => {
    expect(catalogWords(CATALOG)).toContain('coordinates');
  });
});
