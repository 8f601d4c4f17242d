// Heuristics for prompt-injection text: instruction overrides, <IMPORTANT>-style blocks, secrecy towards the user, hidden Unicode.

export interface Finding {
  kind: string;
  // A short, printable excerpt of what matched.
  excerpt: string;
}

export interface Heuristic {
  kind: string;
  pattern: RegExp;
}

export const HEURISTICS: readonly Heuristic[] = [
  {
    kind: 'override-instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+)?(?:previous|prior|above|earlier|preceding|system|original)\s+(?:instructions?|prompts?|messages?|rules|directions|context)/i,
  },
  {
    kind: 'instruction-block',
    pattern: /<\s*\/?\s*(?:IMPORTANT|SYSTEM|INSTRUCTIONS?|CRITICAL|HIDDEN|SECRET)\b[^>]{0,40}>/i,
  },
  {
    kind: 'hide-from-user',
    pattern: /\b(?:do\s+not|don't|never)\s+(?:tell|inform|mention|reveal|show|notify)\b[^.\n]{0,40}\buser\b/i,
  },
  {
    kind: 'role-override',
    pattern: /\b(?:you\s+are\s+now\s+(?:a|an|in)\b|new\s+system\s+prompt|act\s+as\s+the\s+system)/i,
  },
  // Zero-width, bidi controls, invisible operators, BOM and Unicode tag characters: text the user cannot see.
  {
    kind: 'hidden-unicode',
    pattern: /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u,
  },
];

// Every heuristic (and extra pattern) that matches one of the texts, once per kind.
export function detect(texts: readonly string[], extra: readonly Heuristic[] = []): Finding[] {
  const found = new Map<string, Finding>();
  for (const text of texts) {
    for (const h of [...HEURISTICS, ...extra]) {
      if (found.has(h.kind)) continue;
      const match = h.pattern.exec(text);
      if (match) found.set(h.kind, { kind: h.kind, excerpt: excerpt(match[0]) });
    }
  }
  return [...found.values()];
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.kind}: ${JSON.stringify(f.excerpt)}`).join(', ');
}

// Invisible characters shown as \u{…} so a log line or message says what was there.
function excerpt(text: string): string {
  const visible = text.replace(
    /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/gu,
    (c) => `\\u{${c.codePointAt(0)?.toString(16)}}`,
  );
  return visible.length > 80 ? visible.slice(0, 77) + '...' : visible;
}
