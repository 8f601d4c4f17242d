// The secret values this process knows (what it expanded from ${VAR}, credentials it passes upstream) and mask(),
// which replaces each of them with *** in any text the gateway stores, logs or serves.

// Values shorter than this are not masked: "dev", "1" or "on" would otherwise be starred out of every log line.
export const MIN_SECRET_LENGTH = 4;

export const MASK = '***';

// Variables that describe the machine's layout, not credentials: masking their values would star every path in a log.
const NOT_SECRET_VARIABLES = new Set([
  'HOME',
  'USER',
  'LOGNAME',
  'USERNAME',
  'PWD',
  'OLDPWD',
  'PATH',
  'SHELL',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'TERM',
  'HOSTNAME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
  'XDG_RUNTIME_DIR',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
]);

// Names of env entries, headers and URL parameters whose literal values are credentials too.
const SECRET_NAME_RE = /authori[sz]|auth(?!or)|token|secret|passw|api[-_]?key|access[-_]?key|private[-_]?key|credential|cookie|session/i;

export interface SecretRegistry {
  // Remembers a value (and its JSON- and URL-encoded forms) to mask; values under MIN_SECRET_LENGTH are ignored.
  add(value: string): void;
  // The text with every known secret replaced by ***.
  mask(text: string): string;
  readonly size: number;
}

export function createSecretRegistry(): SecretRegistry {
  const values = new Set<string>();
  let pattern: RegExp | undefined;
  const remember = (value: string) => {
    if (value.length < MIN_SECRET_LENGTH || values.has(value)) return;
    values.add(value);
    pattern = undefined;
  };
  return {
    add(value) {
      remember(value);
      remember(JSON.stringify(value).slice(1, -1));
      remember(encodeURIComponent(value));
    },
    mask(text) {
      if (values.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
      // One precompiled alternation, longest first so a secret containing another is masked whole.
      pattern ??= new RegExp(
        [...values]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      );
      return text.replace(pattern, MASK);
    },
    get size() {
      return values.size;
    },
  };
}

// The registry of this process: filled where ${VAR}s are expanded and credentials handed to upstreams.
const processSecrets = createSecretRegistry();

export function registerSecret(value: string): void {
  processSecrets.add(value);
}

export function maskSecrets(text: string): string {
  return processSecrets.mask(text);
}

// Whether the value of ${name} is treated as a secret (everything but the machine's layout: HOME, PATH, …).
export function isSecretVariable(name: string): boolean {
  return !NOT_SECRET_VARIABLES.has(name);
}

// Whether an env entry, header or URL parameter of this name carries a credential even when written literally.
export function isSecretName(name: string): boolean {
  return SECRET_NAME_RE.test(name);
}

// Registers a credential value, and the bare token of an "Authorization: Bearer <token>" style value.
export function registerCredential(value: string): void {
  registerSecret(value);
  const scheme = /^(?:Bearer|Basic|Token|Bot)\s+(\S+)$/i.exec(value.trim());
  if (scheme?.[1]) registerSecret(scheme[1]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
