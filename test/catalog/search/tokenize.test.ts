import { describe, expect, it } from 'vitest';
import { splitWords, tokenize } from '../../../src/catalog/search/tokenize.js';

describe('splitWords', () => {
  it('splits snake_case, kebab-case, dots and slashes', () => {
    expect(splitWords('create_pull_request')).toEqual(['create', 'pull', 'request']);
    expect(splitWords('get-resource-links')).toEqual(['get', 'resource', 'links']);
    expect(splitWords('fs.read/file')).toEqual(['fs', 'read', 'file']);
  });

  it('splits camelCase and acronyms', () => {
    expect(splitWords('getFileInfo')).toEqual(['get', 'file', 'info']);
    expect(splitWords('HTTPServerError')).toEqual(['http', 'server', 'error']);
    expect(splitWords('API-post-page')).toEqual(['api', 'post', 'page']);
  });

  it('splits digits from letters but keeps k8s whole', () => {
    expect(splitWords('base64Encode')).toEqual(['base', '64', 'encode']);
    expect(splitWords('v2parse')).toEqual(['v', '2', 'parse']);
    expect(splitWords('k8s_get_pods')).toEqual(['k8s', 'get', 'pods']);
  });

  it("drops possessive 's", () => {
    expect(splitWords("Brave's Local Search")).toEqual(['brave', 'local', 'search']);
  });
});

describe('tokenize', () => {
  it('removes stop words and single letters', () => {
    expect(tokenize('Find me a file in the repo, please')).toEqual(['find', 'file', 'repository']);
  });

  it('writes out abbreviations on both sides', () => {
    expect(tokenize('merge the PR')).toEqual(['merge', 'pull', 'request']);
    expect(tokenize('list k8s pods in a dir')).toEqual(['list', 'kubernetes', 'pods', 'directory']);
  });

  it('returns nothing for empty or stop-word-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('what is it')).toEqual([]);
  });
});
