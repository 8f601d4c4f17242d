// ${VAR} and ${VAR:-default} expansion from the environment, with errors naming the server, field and variable.
import { describe, expect, it } from 'vitest';
import { expandList, expandMap, expandString, missingVariables } from '../../src/config/expand.js';
import { GatewayError } from '../../src/errors.js';

const where = { server: 'github', field: 'env.TOKEN' };

describe('expandString', () => {
  it('leaves text without variables alone', () => {
    expect(expandString('plain $HOME text', {}, where)).toBe('plain $HOME text');
  });

  it('replaces every ${VAR} from the environment', () => {
    expect(expandString('Bearer ${TOKEN} for ${USER}', { TOKEN: 't0k', USER: 'ann' }, where)).toBe(
      'Bearer t0k for ann',
    );
  });

  it('uses the default when the variable is unset or empty, and the value when it is set', () => {
    expect(expandString('${PORT:-8080}', {}, where)).toBe('8080');
    expect(expandString('${PORT:-8080}', { PORT: '' }, where)).toBe('8080');
    expect(expandString('${PORT:-8080}', { PORT: '9000' }, where)).toBe('9000');
    expect(expandString('${DIR:-}/x', {}, where)).toBe('/x');
    expect(expandString('${F:-.state/memory.jsonl}', {}, where)).toBe('.state/memory.jsonl');
  });

  it('does not expand variables a second time', () => {
    expect(expandString('${A}', { A: '${B}', B: 'no' }, where)).toBe('${B}');
  });

  it('throws naming the server, the field and the variable when one is unset with no default', () => {
    let error: unknown;
    try {
      expandString('Bearer ${GH_TOKEN}', { OTHER: 'x' }, where);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('CONFIG_INVALID');
    const message = (error as GatewayError).message;
    expect(message).toContain("server 'github'");
    expect(message).toContain('env.TOKEN');
    expect(message).toContain('${GH_TOKEN}');
  });

  it('treats an empty value like an unset one', () => {
    expect(() => expandString('${EMPTY}', { EMPTY: '' }, where)).toThrow(/EMPTY/);
  });
});

describe('expandList and expandMap', () => {
  it('expand each value and name the failing index or key', () => {
    expect(expandList(['--dir', '${D}'], { D: '/data' }, 's', 'args')).toEqual(['--dir', '/data']);
    expect(() => expandList(['ok', '${NOPE}'], {}, 's', 'args')).toThrow(
      /server 's': args\[1\] uses \$\{NOPE\}/,
    );
    expect(expandMap({ A: '${X:-1}', B: 'b' }, {}, 's', 'env')).toEqual({ A: '1', B: 'b' });
    expect(() => expandMap({ Authorization: 'Bearer ${T}' }, {}, 's', 'headers')).toThrow(
      /headers\.Authorization uses \$\{T\}/,
    );
  });

  it('never modify the values they were given', () => {
    const values = { A: '${X}' };
    expandMap(values, { X: 'secret' }, 's', 'env');
    expect(values).toEqual({ A: '${X}' });
  });
});

describe('missingVariables', () => {
  it('lists variables without a default that the environment lacks, once each', () => {
    expect(missingVariables(['${A}', '${B:-b}', '${C} ${A}', '${D}'], { D: 'set' })).toEqual(['A', 'C']);
  });
});
