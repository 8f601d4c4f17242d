// Identifier-aware tokenisation for tool search: splits snake_case, camelCase, kebab-case, dotted and slashed names, drops stop words.

// Function words that carry no meaning in a tool query or description.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the of to in on at by for from with without into onto about as and or nor but if then than so ' +
    'is are was were be been being am it its this that these those there here such ' +
    'i me my mine we us our you your yours he him his she her they them their ' +
    'do does did doing done can could should would will shall may might must ' +
    'have has had having not no yes very just also only too either neither both each any some ' +
    'what which whom whose when where why how please want wants wanted need needs needed like ' +
    'let lets using via per e g eg ie etc one'
  ).split(' '),
);

// Abbreviations written out on both the index and the query side, so `repo` matches `repository` fully.
// A Map: the key is any word from a tool description or a query (`constructor` must not find Object's).
const ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['pr', ['pull', 'request']],
  ['prs', ['pull', 'requests']],
  ['mr', ['merge', 'request']],
  ['repo', ['repository']],
  ['repos', ['repositories']],
  ['dir', ['directory']],
  ['dirs', ['directories']],
  ['k8s', ['kubernetes']],
  ['db', ['database']],
  ['msg', ['message']],
  ['msgs', ['messages']],
  ['img', ['image']],
  ['env', ['environment']],
  ['config', ['configuration']],
  ['cfg', ['configuration']],
  ['info', ['information']],
  ['js', ['javascript']],
  ['ts', ['typescript']],
  ['uri', ['url']],
  ['gh', ['github']],
  ['ci', ['ci', 'checks']],
]);

// Splits text into lower-cased word tokens; identifiers are broken at case, digit and punctuation boundaries.
// A hand-written scanner: this runs over every description on each catalog rebuild.
export function splitWords(text: string): string[] {
  const lowered = text.toLowerCase();
  // Lower-casing a few non-ASCII letters changes the length; then slices are lower-cased one by one.
  const lower = lowered.length === text.length ? lowered : text;
  const out: string[] = [];
  let start = -1;
  let prev = OTHER;
  let prevPrev = OTHER;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = charKind(c);
    let cut = -1; // where the current word ends, if it ends here
    if (kind === OTHER) {
      cut = i;
      // A possessive "'s" is dropped with its apostrophe.
      if (
        (c === 39 || c === 0x2019) &&
        (text[i + 1] === 's' || text[i + 1] === 'S') &&
        charKind(text.charCodeAt(i + 2)) === OTHER
      )
        i++;
    } else if (start !== -1 && kind === LOWER && prev === UPPER && prevPrev === UPPER) {
      cut = i - 1; // "HTTPServer": the last capital starts the next word
    } else if (
      start !== -1 &&
      ((kind === UPPER && prev === LOWER) || (kind === DIGIT) !== (prev === DIGIT))
    ) {
      cut = i;
    }
    if (cut !== -1 && start !== -1) {
      if (cut > start)
        out.push(lower === text ? text.slice(start, cut).toLowerCase() : lower.slice(start, cut));
      start = -1;
    }
    if (kind !== OTHER && start === -1) start = cut === i - 1 && cut !== -1 ? i - 1 : i;
    prevPrev = start === i ? OTHER : prev;
    prev = kind;
  }
  if (start !== -1) out.push(lower === text ? text.slice(start).toLowerCase() : lower.slice(start));
  // "k8s" is split by the digit rule; rejoin the one identifier where that matters.
  return rejoinK8s(out);
}

const NON_ASCII_LETTER = /\p{L}/u;
const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function charKind(c: number): number {
  if (c >= 97 && c <= 122) return LOWER;
  if (c >= 65 && c <= 90) return UPPER;
  if (c >= 48 && c <= 57) return DIGIT;
  // Accented and non-Latin letters count as word characters (never as case boundaries).
  if (c > 127 && NON_ASCII_LETTER.test(String.fromCharCode(c))) return LOWER;
  return OTHER;
}

// Full tokenisation: words, stop words removed, abbreviations expanded, single letters dropped.
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of splitWords(text)) out.push(...normalizeWord(word));
  return out;
}

// What one lower-cased word contributes: nothing (stop word, stray letter), itself, or its written-out abbreviation.
export function normalizeWord(word: string): readonly string[] {
  if (word.length < 2 && !(word >= '0' && word <= '9')) return NONE;
  if (STOP_WORDS.has(word)) return NONE;
  return ABBREVIATIONS.get(word) ?? [word];
}

const NONE: readonly string[] = [];

function rejoinK8s(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'k' && words[i + 1] === '8' && words[i + 2] === 's') {
      out.push('k8s');
      i += 2;
    } else {
      out.push(words[i] as string);
    }
  }
  return out;
}
