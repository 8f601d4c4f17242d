// Product names: which query words name one of the catalog's servers ("in my Notion", "on GitHub"), learnt from the
// catalog itself, so a query that names a product ranks that server's tools first.
import { FIELD } from './fields.js';
import { stem } from './stem.js';
import { tokenize } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

// A server word counts as a product name when at least this share of the tools that use it belong to its server
// ("notion" does; "search" in brave-search and "memory" in memory do not: other servers' tools use them too).
const MIN_OWN_SHARE = 0.6;

export interface ServerNames {
  // Server numbers (as in `serverOf`) the query names; empty when it names none.
  named(query: string): ReadonlySet<number>;
  // Each document's server number.
  readonly serverOf: Int32Array;
}

export function createServerNames(
  docs: ReadonlyArray<{ server: string }>,
  encoded: readonly Int32Array[][],
  vocab: Vocabulary,
): ServerNames {
  const numbers = new Map<string, number>();
  const serverOf = Int32Array.from(docs, (d) => {
    let n = numbers.get(d.server);
    if (n === undefined) numbers.set(d.server, (n = numbers.size));
    return n;
  });
  // term → server → how many of that server's tools have the term in their server name.
  const own = new Map<number, Map<number, number>>();
  encoded.forEach((fields, d) => {
    for (const id of new Set(fields[FIELD.server])) {
      const counts = own.get(id) ?? new Map<number, number>();
      const s = serverOf[d] as number;
      counts.set(s, (counts.get(s) ?? 0) + 1);
      own.set(id, counts);
    }
  });
  const products = new Map<number, number>();
  for (const [id, counts] of own) {
    const [server, count] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
    if (count / Math.max(1, vocab.docFrequency(id)) >= MIN_OWN_SHARE) products.set(id, server);
  }
  const none: ReadonlySet<number> = new Set();
  return {
    serverOf,
    named(query) {
      if (products.size === 0) return none;
      let out: Set<number> | undefined;
      for (const word of tokenize(capitalised(query))) {
        const id = vocab.id(stem(word));
        const server = id === undefined ? undefined : products.get(id);
        if (server !== undefined) (out ??= new Set()).add(server);
      }
      return out ?? none;
    },
  };
}

// Only the query's capitalised words ("Notion", "GitHub", "K8s"): a product name written in lower case is too often
// also a plain word ("render", "box", "memory").
function capitalised(query: string): string {
  return (query.match(/\p{Lu}[\p{L}\d-]*/gu) ?? []).join(' ');
}
