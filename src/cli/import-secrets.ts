// Finds literal secrets in an imported server entry (secret-looking env values and headers, URL passwords) and, when
// asked, turns them into `${VAR}` references so gateway.json never holds the value itself.

export interface SecretSpot {
  // Where it sits in the entry: `env.GITHUB_TOKEN`, `headers.Authorization`, `url`.
  where: string;
  // The variable its reference uses (none for a URL password, which is only reported).
  variable?: string;
}

const SECRET_NAME = /token|secret|passw|pwd|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential|auth|cookie|session|^key$|_key$|-key$/i;
const SCHEME = /^(Bearer|Basic|Token|Bot)\s+/i;

// A value holds a literal secret when something other than `${VAR}` references (and an auth scheme word) is left.
export function isLiteral(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  return value.replace(SCHEME, '').replace(/\$\{[^}]*\}/g, '').trim() !== '';
}

// The literal secrets in an entry, without changing it.
export function findSecrets(entry: Record<string, unknown>): SecretSpot[] {
  const spots: SecretSpot[] = [];
  for (const [key, value] of entries(entry.env)) if (SECRET_NAME.test(key) && isLiteral(value)) spots.push({ where: `env.${key}` });
  for (const [key, value] of entries(entry.headers)) if (SECRET_NAME.test(key) && isLiteral(value)) spots.push({ where: `headers.${key}` });
  if (typeof entry.url === 'string' && urlHasPassword(entry.url)) spots.push({ where: 'url' });
  return spots;
}

// The entry with each literal env or header secret replaced by a `${VAR}` reference. `taken` maps the variables
// chosen so far in this import to their values, so two different secrets never share a name.
export function toEnvRefs(
  server: string,
  entry: Record<string, unknown>,
  taken: Map<string, string>,
): { entry: Record<string, unknown>; spots: SecretSpot[] } {
  const spots: SecretSpot[] = [];
  const out: Record<string, unknown> = { ...entry };
  for (const field of ['env', 'headers'] as const) {
    if (!entries(entry[field]).some(([k, v]) => SECRET_NAME.test(k) && isLiteral(v))) continue;
    const map: Record<string, unknown> = {};
    for (const [key, value] of entries(entry[field])) {
      if (!(SECRET_NAME.test(key) && isLiteral(value))) {
        map[key] = value;
        continue;
      }
      const scheme = SCHEME.exec(value)?.[0] ?? '';
      const secret = value.slice(scheme.length);
      const base = field === 'env' ? key : /^(proxy-)?authorization$/i.test(key) ? `${server}_TOKEN` : `${server}_${key}`;
      const variable = pickName(envName(base), envName(`${server}_${base}`), secret, taken);
      map[key] = `${scheme}\${${variable}}`;
      spots.push({ where: `${field}.${key}`, variable });
    }
    out[field] = map;
  }
  if (typeof entry.url === 'string' && urlHasPassword(entry.url)) spots.push({ where: 'url' });
  return { entry: out, spots };
}

// A shell-safe variable name: upper case, letters, digits and underscores, not starting with a digit.
export function envName(text: string): string {
  const name = text.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(name) || name === '' ? `_${name}` : name;
}

function pickName(first: string, second: string, secret: string, taken: Map<string, string>): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? first : i === 2 ? second : `${second}_${i - 1}`;
    const held = taken.get(name);
    if (held === undefined || held === secret) {
      taken.set(name, secret);
      return name;
    }
  }
}

function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

function entries(value: unknown): [string, unknown][] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}
