import { describe, expect, it } from 'vitest';
import { createSearchIndex, type SearchDoc } from '../../../src/catalog/search/index.js';

const doc = (server: string, tool: string, description: string, inputSchema?: unknown): SearchDoc => ({
  name: `${server}_${tool}`,
  server,
  tool,
  description,
  ...(inputSchema === undefined ? {} : { inputSchema }),
});

const CATALOG: SearchDoc[] = [
  doc('github', 'create_issue', 'Create a new issue in a GitHub repository', {
    type: 'object',
    properties: {
      owner: { type: 'string' },
      repo: { type: 'string' },
      title: { type: 'string', description: 'Issue title' },
    },
  }),
  doc('github', 'list_issues', 'List issues in a GitHub repository'),
  doc('github', 'create_pull_request', 'Create a new pull request in a GitHub repository'),
  doc('files', 'delete_file', 'Remove a file from disk'),
  doc('files', 'create_directory', 'Create a new directory'),
  doc('files', 'read_file', 'Read the contents of a file'),
  doc('browser', 'take_screenshot', 'Take a screenshot of the page'),
  doc('browser', 'navigate', 'Navigate to a URL'),
  doc('browser', 'fill', 'Type text into an input element', {
    type: 'object',
    properties: {
      selector: {
        type: 'object',
        properties: { uid: { type: 'string', description: 'Element identifier' } },
      },
    },
  }),
];

const top = (query: string, options = {}): string[] =>
  createSearchIndex(CATALOG)
    .search(query, options)
    .map((h) => h.doc.name);

describe('createSearchIndex', () => {
  it('reports its size', () => {
    expect(createSearchIndex(CATALOG).size).toBe(CATALOG.length);
    expect(createSearchIndex([]).search('anything')).toEqual([]);
  });

  it('ranks the tool whose name matches first', () => {
    expect(top('create issue')[0]).toBe('github_create_issue');
    expect(top('take screenshot')[0]).toBe('browser_take_screenshot');
  });

  it('matches inflected forms through stemming', () => {
    expect(top('creating issues')[0]).toBe('github_create_issue');
    expect(top('listing issues')[0]).toBe('github_list_issues');
  });

  it('matches paraphrases through synonyms', () => {
    expect(top('erase a document')[0]).toBe('files_delete_file');
    expect(top('make a folder')[0]).toBe('files_create_directory');
    expect(top('visit a website')[0]).toBe('browser_navigate');
  });

  it('expands abbreviations', () => {
    expect(top('open a PR')[0]).toBe('github_create_pull_request');
  });

  it('finds words that only appear in nested parameter descriptions', () => {
    expect(top('element identifier')[0]).toBe('browser_fill');
  });

  it('tolerates a typo and a partial word', () => {
    expect(top('screenshto')[0]).toBe('browser_take_screenshot');
    expect(top('navig')[0]).toBe('browser_navigate');
  });

  it('splits compound words on either side', () => {
    const index = createSearchIndex([
      doc('mem', 'take_heapsnapshot', 'Capture memory'),
      doc('mem', 'heap_stats', 'Heap size'),
      doc('x', 'snapshot_page', 'Page'),
    ]);
    expect(index.search('heapsnapshot').map((h) => h.doc.name)[0]).toBe('mem_take_heapsnapshot');
  });

  it('restricts to one server and applies a filter', () => {
    expect(top('create', { server: 'files' })).toEqual(['files_create_directory']);
    const names = top('create', { filter: (d: SearchDoc) => d.server === 'github' });
    expect(names.every((n) => n.startsWith('github_'))).toBe(true);
    expect(names.length).toBeGreaterThan(0);
  });

  it('respects the limit, defaulting to 10', () => {
    const many = Array.from({ length: 30 }, (_, i) => doc('s', `tool_${i}`, 'Search things'));
    expect(createSearchIndex(many).search('search')).toHaveLength(10);
    expect(createSearchIndex(many).search('search', { limit: 3 })).toHaveLength(3);
    expect(createSearchIndex(many).search('search', { limit: 0 })).toEqual([]);
  });

  it('breaks ties by name and is deterministic', () => {
    const same = ['zeta', 'alpha', 'mid'].map((s) => doc(s, 'echo', 'Echo input'));
    const hits = createSearchIndex(same).search('echo');
    expect(hits.map((h) => h.doc.name)).toEqual(['alpha_echo', 'mid_echo', 'zeta_echo']);
    expect(createSearchIndex(CATALOG).search('new file in repository')).toEqual(
      createSearchIndex(CATALOG).search('new file in repository'),
    );
  });

  it('sorts by descending score and excludes documents that do not match', () => {
    const hits = createSearchIndex(CATALOG).search('screenshot');
    expect(hits.map((h) => h.doc.name)).toEqual(['browser_take_screenshot']);
    const scores = createSearchIndex(CATALOG)
      .search('create a new file')
      .map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0)).toBe(true);
    expect(top('the of and')).toEqual([]);
  });

  it('reads what a token implies: a #channel, an @user', () => {
    const chat = [
      doc('chat', 'post_message', 'Post a new message to a channel'),
      doc('chat', 'list_users', 'List the users of the workspace'),
      doc('ci', 'list_pipelines', 'List the pipelines of a project and their release status'),
    ];
    const first = (query: string) => createSearchIndex(chat).search(query, { limit: 1 })[0]?.doc.tool;
    expect(first('over in #deploys')).toBe('post_message');
    expect(first('ping @ana')).toBe('list_users');
  });
});

// server, tool, description: two servers share the words; "render" is both a server and a plain word.
const PRODUCTS = (
  [
    ['notion', 'search', 'Search by title'],
    ['notion', 'get_page', 'Get a page'],
    ['wiki', 'search_pages', 'Search wiki pages by title and content'],
    ['wiki', 'get_page', 'Get a wiki page'],
    ['render', 'list_services', 'List services'],
    ['chrome', 'render_page', 'Render a page as an image'],
  ] as const
).map(([server, tool, description]) => doc(server, tool, description));

describe('product names in a query', () => {
  it("ranks the named server's tools first when the query capitalises its name", () => {
    const index = createSearchIndex(PRODUCTS);
    const named = index.search('search pages in Notion', { limit: 2 }).map((h) => h.doc.name);
    expect(named).toEqual(['notion_search', 'notion_get_page']);
    expect(index.search('search wiki pages')[0]?.doc.name).toBe('wiki_search_pages');
  });

  it('does not read a lower-case plain word as a product name', () => {
    const index = createSearchIndex(PRODUCTS);
    expect(index.search('render the page')[0]?.doc.name).toBe('chrome_render_page');
  });
});

describe('nameMatch and idealScore', () => {
  const index = createSearchIndex([
    doc('web', 'monitor_list', 'Show the monitors'),
    doc('web', 'monitor_list_recent', 'Show the monitors'),
    doc('web', 'monitor_create', 'Show the monitors'),
  ]);
  const scores = (options = {}) =>
    new Map(index.search('list monitors', options).map((h) => [h.doc.tool, h.score]));

  it('scales a tool by the share of its own name the query explains', () => {
    const plain = scores();
    const named = scores({ nameMatch: true });
    expect((named.get('monitor_list') as number) / (plain.get('monitor_list') as number)).toBeCloseTo(2);
    expect(
      (named.get('monitor_list_recent') as number) / (plain.get('monitor_list_recent') as number),
    ).toBeCloseTo(1 + 2 / 3);
    expect((named.get('monitor_create') as number) / (plain.get('monitor_create') as number)).toBeCloseTo(
      1.5,
    );
    expect(index.search('list monitors', { nameMatch: true }).map((h) => h.doc.tool)).toEqual([
      'monitor_list',
      'monitor_list_recent',
      'monitor_create',
    ]);
  });

  it('the ideal score bounds every hit, with and without name matching, and is 0 for unknown words', () => {
    for (const nameMatch of [false, true]) {
      const ideal = index.idealScore('list monitors', { nameMatch });
      for (const hit of index.search('list monitors', { nameMatch }))
        expect(hit.score).toBeLessThanOrEqual(ideal);
    }
    expect(index.idealScore('list monitors', { nameMatch: true })).toBeCloseTo(
      2 * index.idealScore('list monitors'),
    );
    expect(index.idealScore('zzzz qqqq')).toBe(0);
  });
});
