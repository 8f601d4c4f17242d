// Expands ${VAR} and ${VAR:-default} from the environment at connect time; expanded values are never written back, and
// each one taken from the environment is registered as a secret, so it is masked in everything the gateway logs or serves.
import { GatewayError } from '../errors.js';
import { isSecretVariable, registerSecret } from '../secrets.js';

const VAR_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

// Expands one string; throws naming the server, field and variable when one is unset and has no default.
export function expandString(value: string, env: NodeJS.ProcessEnv, where: { server: string; field: string }): string {
  if (!value.includes('${')) return value;
  return value.replace(VAR_RE, (_, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && found !== '') {
      if (isSecretVariable(name)) registerSecret(found);
      return found;
    }
    if (fallback !== undefined) return fallback;
    throw new GatewayError(
      'CONFIG_INVALID',
      `server '${where.server}': ${where.field} uses \${${name}}, which is not set; export ${name} or write \${${name}:-default}`,
    );
  });
}

export function expandList(values: string[], env: NodeJS.ProcessEnv, server: string, field: string): string[] {
  return values.map((v, i) => expandString(v, env, { server, field: `${field}[${i}]` }));
}

export function expandMap(
  values: Record<string, string>,
  env: NodeJS.ProcessEnv,
  server: string,
  field: string,
): Record<string, string> {
  // fromEntries defines own keys: an assignment to out['__proto__'] would drop the variable without a word.
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, expandString(v, env, { server, field: `${field}.${k}` })]),
  );
}

// Names of every variable referenced without a default that the environment lacks (for `gw doctor`).
export function missingVariables(values: string[], env: NodeJS.ProcessEnv): string[] {
  const missing = new Set<string>();
  for (const value of values) {
    for (const m of value.matchAll(VAR_RE)) {
      const name = m[1] as string;
      if ((env[name] === undefined || env[name] === '') && m[2] === undefined) missing.add(name);
    }
  }
  return [...missing];
}
