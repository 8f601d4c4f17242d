import { describe, expect, it } from 'vitest';
import { MIN_COMPOUND_LENGTH, splitCompound } from '../../../src/catalog/search/compound.js';
import { extractFields } from '../../../src/catalog/search/fields.js';
import { createVocabulary } from '../../../src/catalog/search/vocabulary.js';

function vocabOf(...names: string[]) {
  return createVocabulary(names.map((tool) => extractFields({ tool, server: 's' }))).vocabulary;
}

describe('splitCompound', () => {
  it('splits a run-together word into two stems the catalog knows', () => {
    const vocab = vocabOf('take_heap_stats', 'snapshot_page');
    const parts = splitCompound('heapsnapshot', vocab);
    expect(parts).toEqual([vocab.id('heap'), vocab.id('snapshot')]);
  });

  it('leaves words shorter than the minimum or with an unknown half alone', () => {
    const vocab = vocabOf('file_system', 'up_date');
    expect('updates'.length).toBe(MIN_COMPOUND_LENGTH);
    expect(splitCompound('filesystem', vocab)).toEqual([vocab.id('file'), vocab.id('system')]);
    expect(splitCompound('filexyzzy', vocab)).toBeUndefined();
    expect(splitCompound('upda', vocab)).toBeUndefined();
  });
});
