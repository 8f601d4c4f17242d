// The secret registry: every registered value (and its JSON- and URL-encoded forms) is masked; short values are not.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expandString } from '../src/config/expand.js';
import { createSecretRegistry, isSecretName, isSecretVariable, maskSecrets, MIN_SECRET_LENGTH } from '../src/secrets.js';

describe('createSecretRegistry', () => {
  it('masks every occurrence of every registered value', () => {
    const secrets = createSecretRegistry();
    secrets.add('sk-live-12345');
    secrets.add('hunter22');
    expect(secrets.mask('fatal: bad api key sk-live-12345 (again: sk-live-12345); pw hunter22')).toBe('fatal: bad api key *** (again: ***); pw ***');
  });

  it('leaves text alone when nothing is registered or nothing matches', () => {
    const secrets = createSecretRegistry();
    expect(secrets.mask('nothing to hide')).toBe('nothing to hide');
    secrets.add('sk-live-12345');
    expect(secrets.mask('nothing to hide')).toBe('nothing to hide');
  });

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters, which would mask common words`, () => {
    const secrets = createSecretRegistry();
    secrets.add('on');
    secrets.add('dev');
    expect(secrets.size).toBe(0);
    expect(secrets.mask('dev mode on')).toBe('dev mode on');
  });

  it('masks a secret that contains another one whole, whatever the order they were added in', () => {
    const secrets = createSecretRegistry();
    secrets.add('abcd');
    secrets.add('abcdefgh');
    expect(secrets.mask('key=abcdefgh')).toBe('key=***');
  });

  it('treats regex characters literally and masks JSON- and URL-encoded forms', () => {
    const secrets = createSecretRegistry();
    secrets.add('p4ss.wo+rd"x/y');
    expect(secrets.mask('raw p4ss.wo+rd"x/y')).toBe('raw ***');
    expect(secrets.mask(JSON.stringify({ e: 'p4ss.wo+rd"x/y' }))).toBe('{"e":"***"}');
    expect(secrets.mask(`?k=${encodeURIComponent('p4ss.wo+rd"x/y')}`)).toBe('?k=***');
    expect(secrets.mask('p4ssXwo+rd')).toBe('p4ssXwo+rd');
  });
});

describe('what counts as a secret', () => {
  it('treats every variable but the machine layout (HOME, PATH, …) as secret', () => {
    expect(isSecretVariable('OPENAI_API_KEY')).toBe(true);
    expect(isSecretVariable('HOME')).toBe(false);
    expect(isSecretVariable('PATH')).toBe(false);
  });

  it('recognises credential names for literal values', () => {
    for (const name of ['Authorization', 'GITHUB_TOKEN', 'api_key', 'X-Api-Key', 'DB_PASSWORD', 'Cookie']) expect(isSecretName(name)).toBe(true);
    for (const name of ['Accept', 'NODE_ENV', 'DEBUG', 'GIT_AUTHOR_NAME']) expect(isSecretName(name)).toBe(false);
  });

  it('registers what ${VAR} expansion took from the environment, so the process masks it', () => {
    // Unit files share one module graph (isolate: false), and others register values such as 'secret': this one
    // must contain none of them.
    const value = `v${randomUUID().replaceAll('-', '')}`;
    expect(maskSecrets(`key ${value}`)).toBe(`key ${value}`);
    expect(expandString('--key=${MY_KEY}', { MY_KEY: value }, { server: 's', field: 'args' })).toBe(`--key=${value}`);
    expect(maskSecrets(`key ${value}`)).toBe('key ***');
    const home = `/home/someone-${process.pid}`;
    expandString('${HOME}/x', { HOME: home }, { server: 's', field: 'args' });
    expect(maskSecrets(home)).toBe(home);
  });
});
