import { describe, expect, it } from 'vitest';
import { createSearchIndex, type SearchDoc } from '../../../src/catalog/search/index.js';

const doc = (server: string, tool: string, description: string): SearchDoc => ({
  name: `${server}_${tool}`,
  server,
  tool,
  description,
});

const docs = [
  doc('notion', 'search', 'Search by title'),
  doc('notion', 'get_page', 'Get a page'),
  doc('wiki', 'search_pages', 'Search wiki pages by title and content'),
  doc('wiki', 'get_page', 'Get a wiki page'),
  doc('render', 'list_services', 'List services'),
  doc('chrome', 'render_page', 'Render a page as an image'),
];

describe('product names in a query', () => {
  it("ranks the named server's tools first when the query capitalises its name", () => {
    const index = createSearchIndex(docs);
    const named = index.search('search pages in Notion', { limit: 2 }).map((h) => h.doc.name);
    expect(named).toEqual(['notion_search', 'notion_get_page']);
    expect(index.search('search wiki pages')[0]?.doc.name).toBe('wiki_search_pages');
  });

  it('does not read a lower-case plain word as a product name', () => {
    const index = createSearchIndex(docs);
    expect(index.search('render the page')[0]?.doc.name).toBe('chrome_render_page');
  });
});
