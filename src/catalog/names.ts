// Exposed names: `<server><sep><tool>`, always valid for clients (^[A-Za-z0-9_-]{1,64}$), within the name budget,
// deterministic, never colliding.
import { createHash } from 'node:crypto';

export const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
// What clients and model APIs accept.
export const PROTOCOL_MAX_NAME = 64;
const HASH_LEN = 8;

export interface NameRequest {
  server: string;
  // False for a server configured with "prefix": false: its items keep their own names.
  prefix?: boolean;
  // The upstream's own name for the tool (or prompt).
  original: string;
}

export interface NamedItem extends NameRequest {
  name: string;
}

export interface NamingResult {
  items: NamedItem[];
  // Human-readable notes about cleaned, shortened or disambiguated names.
  warnings: string[];
}

// A stable short hash of the server and original name: same config, same names, run after run.
export function stableHash(server: string, original: string): string {
  return createHash('sha256').update(`${server}\u0000${original}`).digest('hex').slice(0, HASH_LEN);
}

// The exposed name for one item, before collision handling.
export function exposedName(
  server: string,
  original: string,
  separator: string,
  prefix = true,
  max = PROTOCOL_MAX_NAME,
): { name: string; changed?: string } {
  const raw = prefix ? `${server}${separator}${original}` : original;
  if (NAME_RE.test(raw) && raw.length <= max) return { name: raw };
  const cleaned = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  // The hash of the original keeps shortened names distinct and the same run after run.
  const suffix = `_${stableHash(server, original)}`;
  const name = cleaned.slice(0, max - suffix.length) + suffix;
  return { name, changed: raw.length > max && cleaned === raw ? 'shortened' : 'cleaned' };
}

// Names every item in order; a later item that would take an earlier item's (or a reserved) name gets a hash suffix.
export function assignNames(
  requests: readonly NameRequest[],
  separator: string,
  reserved: ReadonlySet<string> = new Set(),
  max = PROTOCOL_MAX_NAME,
): NamingResult {
  const taken = new Set(reserved);
  const items: NamedItem[] = [];
  const warnings: string[] = [];
  for (const req of requests) {
    const { name: first, changed } = exposedName(req.server, req.original, separator, req.prefix !== false, max);
    let name = first;
    if (changed) warnings.push(`${req.server}: '${req.original}' is exposed as '${name}' (${changed} to fit ^[A-Za-z0-9_-]{1,${max}}$)`);
    if (taken.has(name)) {
      const suffix = `_${stableHash(req.server, req.original)}`;
      let candidate = name.slice(0, max - suffix.length) + suffix;
      for (let i = 2; taken.has(candidate); i++) candidate = `${name.slice(0, max - suffix.length - String(i).length)}${suffix}${i}`;
      warnings.push(
        `${req.server}: '${req.original}' collides with another name '${name}'${reserved.has(name) ? ' (reserved by the gateway)' : ''}; exposed as '${candidate}'`,
      );
      name = candidate;
    }
    taken.add(name);
    items.push({ ...req, name });
  }
  return { items, warnings };
}
