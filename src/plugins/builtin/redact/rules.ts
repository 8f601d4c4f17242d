// What the redact plugin recognises: built-in secret and personal-data patterns, plus a Luhn check for card numbers.

export interface RedactRule {
  kind: string;
  pattern: RegExp;
  // An extra check on a match (e.g. Luhn); a match failing it is left alone.
  accept?: (match: string) => boolean;
}

// Order matters: whole blocks and tokens first, so a key inside a JWT or a PEM block is replaced once, as the larger kind.
export const BUILTIN_RULES: readonly RedactRule[] = [
  {
    kind: 'private-key',
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
  },
  { kind: 'jwt', pattern: /(?<![\w-])eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/g },
  { kind: 'bearer-token', pattern: /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi },
  { kind: 'github-token', pattern: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { kind: 'slack-token', pattern: /(?<![\w-])xox[bpoasr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'aws-key', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g },
  { kind: 'google-key', pattern: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { kind: 'api-key', pattern: /(?<![\w-])sk-[A-Za-z0-9_-]{20,}/g },
  {
    kind: 'email',
    pattern: /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g,
  },
  {
    kind: 'card',
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    accept: (m) => luhn(m.replace(/\D/g, '')),
  },
];

export const BUILTIN_KINDS = BUILTIN_RULES.map((r) => r.kind);

// Applies the rules in order; `replacement` may hold `<kind>`.
export function redactText(
  text: string,
  rules: readonly RedactRule[],
  replacement: string,
): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, (match) => {
      if (rule.accept && !rule.accept(match)) return match;
      count++;
      return replacement.replaceAll('<kind>', rule.kind);
    });
  }
  return { text: out, count };
}

// The Luhn checksum of a 13-19 digit number, so order numbers and timestamps are not mistaken for cards.
export function luhn(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
