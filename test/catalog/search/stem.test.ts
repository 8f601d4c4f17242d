import { describe, expect, it } from 'vitest';
import { stem } from '../../../src/catalog/search/stem.js';

describe('stem', () => {
  it('conflates inflections of one verb', () => {
    const forms = ['create', 'creates', 'created', 'creating'].map(stem);
    expect(new Set(forms).size).toBe(1);
  });

  it('conflates plurals', () => {
    expect(stem('directories')).toBe(stem('directory'));
    expect(stem('processes')).toBe(stem('process'));
    expect(stem('messages')).toBe(stem('message'));
    expect(stem('entities')).toBe(stem('entity'));
  });

  it('handles doubled consonants and -ing', () => {
    expect(stem('running')).toBe('run');
    expect(stem('hopping')).toBe('hop');
    expect(stem('searching')).toBe(stem('search'));
    expect(stem('deletion')).toBe(stem('delete'));
    expect(stem('configuration')).toBe(stem('configure'));
  });

  it('gives a word the same stem on the index and the query side, and keeps short words intact', () => {
    expect(stem('status')).toBe(stem('status'));
    expect(stem('statuses')).not.toBe(stem('state'));
    expect(stem('go')).toBe('go');
  });

  it('leaves tokens with digits alone', () => {
    expect(stem('k8s')).toBe('k8s');
    expect(stem('64')).toBe('64');
  });

  it('follows classic Porter outputs', () => {
    expect(stem('relational')).toBe('relat');
    expect(stem('generalization')).toBe('gener');
    expect(stem('caresses')).toBe('caress');
    expect(stem('ponies')).toBe('poni');
  });
});
