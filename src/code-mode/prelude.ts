// The script's whole world, set up inside the sandbox before the script runs: `tools`, `console`, `sleep`.
// Values cross the boundary only as JSON text, so no host object ever reaches the script.

// The file name the script's own stack frames carry; frames of anything else are cut from stacks.
export const SCRIPT_FILE = 'run_code.ts';
export const PRELUDE_FILE = 'gw-prelude.js';

// Host functions arrive on `globalThis.__gw` and are captured here, then removed from the global object.
export const PRELUDE = `(function (host) {
  'use strict';
  const parse = JSON.parse, stringify = JSON.stringify;
  const settle = (json) => {
    const r = parse(json);
    if (r.ok) return r.value;
    const e = new Error(r.error);
    e.name = r.name || 'ToolError';
    if (r.tool) e.tool = r.tool;
    throw e;
  };
  const api = Object.create(null);
  api.search = (query) => host.search(String(query)).then(settle);
  api.describe = (name) => host.describe(String(name)).then(settle);
  const call = (name) => (args) => host.call(name, stringify(args === undefined ? {} : args) ?? '{}').then(settle);
  globalThis.tools = new Proxy(api, {
    get(target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      return name in target ? target[name] : call(name);
    },
    set() { return false; },
  });
  const show = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return v.name + ': ' + v.message;
    try { const s = stringify(v); return s === undefined ? String(v) : s; } catch { return String(v); }
  };
  const log = (...values) => { host.log(values.map(show).join(' ')); };
  globalThis.console = Object.freeze({ log, info: log, warn: log, error: log, debug: log });
  globalThis.sleep = (ms) => host.sleep(Number(ms) || 0);
  const failure = (e) => {
    if (e instanceof Error) return stringify({ name: e.name, message: String(e.message), stack: String(e.stack || '') });
    return stringify({ name: 'Error', message: 'Uncaught ' + show(e), stack: '' });
  };
  globalThis.__gwMain = (fn) => {
    delete globalThis.__gwMain;
    return fn().then((v) => host.done(v === undefined ? '' : show(v)), (e) => host.fail(failure(e)));
  };
})(globalThis.__gw);
delete globalThis.__gw;`;

// The script as one async function body: on the same line as the prefix, so its line numbers stay its own.
export const MAIN_PREFIX = '__gwMain(async () => {';

export function wrapScript(js: string): string {
  return `${MAIN_PREFIX}${js}\n})`;
}
