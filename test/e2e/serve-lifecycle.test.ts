// gw serve as a process: stdout carries only JSON-RPC, and on stdin EOF, SIGTERM or SIGINT the whole process tree is
// gone without waiting on any upstream (within 5 s on a quiet machine; the bound is stretched by LOAD_FACTOR).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtureEntry, GW_BIN, LOAD_FACTOR, ROOT, writeConfig } from '../helpers/gw.js';
import { waitFor } from '../helpers/gateway.js';
import { isAlive, killTreeSync, listDescendants } from '../../src/upstream/process-tree.js';

interface RpcResult {
  content?: Array<{ type: string; text?: string }>;
  isError?: boolean;
  tools?: Array<{ name: string }>;
  serverInfo?: unknown;
}

interface RpcMessage {
  jsonrpc?: string;
  id?: number;
  method?: string;
  result?: RpcResult;
  error?: unknown;
}

interface RawGateway {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  request: (method: string, params?: Record<string, unknown>) => Promise<RpcMessage>;
  notify: (method: string) => void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// `gw serve` spawned directly, spoken to line by line, so the test sees stdout exactly as a client would.
function spawnServe(config: unknown): RawGateway {
  const child = spawn(process.execPath, [GW_BIN, 'serve', '--config', writeConfig(config)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GW_LOG_LEVEL: 'debug' },
  });
  const seen = new Set<number>([child.pid as number]);
  onTestFinished(() => {
    for (const pid of [...seen, ...listDescendants(child.pid as number)]) if (isAlive(pid)) killTreeSync(pid);
  });
  let out = '';
  let err = '';
  let buffered = '';
  let nextId = 1;
  const pending = new Map<number, (message: RpcMessage) => void>();
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const message = JSON.parse(line) as RpcMessage;
        if (typeof message.id === 'number' && message.method === undefined)
          pending.get(message.id)?.(message);
      } catch {
        // Not JSON: the stdout test reports it with the whole output.
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const send = (message: object) => child.stdin.write(JSON.stringify(message) + '\n');
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    notify: (method) => send({ jsonrpc: '2.0', method }),
    request: (method, params = {}) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ jsonrpc: '2.0', id, method, params });
      }),
  };
}

async function initialize(gw: RawGateway, expected: string[]): Promise<void> {
  const init = await gw.request('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-test', version: '1.0.0' },
  });
  expect(init.result?.serverInfo).toBeDefined();
  gw.notify('notifications/initialized');
  await waitFor(
    async () => {
      const names = ((await gw.request('tools/list')).result?.tools ?? []).map((t) => t.name);
      return expected.every((e) => names.includes(e));
    },
    20_000,
    200,
  );
}

// The fixture as fixtureEntry runs it (the bundle the global setup builds), as a shell command line.
const node = (script: string) => [process.execPath, ...fixtureEntry(script).args].map((a) => `'${a}'`).join(' ');

// Upstreams whose trees are harder to kill than one process: shell wrappers (exec'd and not) and grandchildren.
const treeConfig = {
  mcpServers: {
    execd: { command: 'sh', args: ['-c', `exec ${node('fixture.ts')}`] },
    wrapped: { command: 'sh', args: ['-c', `${node('fixture.ts')}; echo wrapper-done >&2`] },
    grand: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'grandchild' }),
    setsid: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'grandchild', FIXTURE_GRANDCHILD_SETSID: '1' }),
    stubborn: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'ignore-sigterm' }),
  },
};
const treeTools = ['execd_echo', 'wrapped_echo', 'grand_echo', 'setsid_echo', 'stubborn_echo'];
// The gateway's exit bound: 5 s of grace and kill on a quiet machine, well under the 60 s a stubborn upstream could hold.
const EXIT_BOUND = 5000 * LOAD_FACTOR;

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

describe('gw serve lifecycle', () => {
  it('writes nothing but JSON-RPC to stdout, even with a noisy upstream that prints garbage', async () => {
    const gw = spawnServe({
      mcpServers: {
        noisy: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'garbage,stderr-noise' }),
        fx: fixtureEntry(),
      },
    });
    await initialize(gw, ['noisy_echo', 'fx_flood']);
    const echo = await gw.request('tools/call', {
      name: 'noisy_echo',
      arguments: { text: 'through the noise' },
    });
    expect(echo.result?.content).toEqual([{ type: 'text', text: 'through the noise' }]);
    const flood = await gw.request('tools/call', { name: 'fx_flood', arguments: { count: 20 } });
    expect(flood.result?.content?.[0]?.text).toBe('flooded 20');
    const missing = await gw.request('tools/call', { name: 'fx_nope', arguments: {} });
    expect(missing.result?.isError).toBe(true);
    // The garbage line the upstream sends after connecting has arrived (and gone to the log) before stdin ends.
    await waitFor(() => /\[noisy\].*not json/.test(gw.stderr()));
    gw.child.stdin.end();
    await gw.exited;

    const raw = gw.stdout();
    expect(raw.endsWith('\n')).toBe(true);
    const lines = raw.slice(0, -1).split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      let message: { jsonrpc?: string } | undefined;
      expect(
        () => (message = JSON.parse(line)),
        `stdout line is not JSON: ${line.slice(0, 200)}`,
      ).not.toThrow();
      expect(message?.jsonrpc).toBe('2.0');
    }
    expect(raw).not.toContain('not json');
    // The noise went to the log instead, prefixed with the server's name.
    expect(gw.stderr()).toMatch(/\[noisy\].*not json/);
    expect(gw.stderr()).toMatch(/\[noisy\].*fixture: noise/);
  });

  for (const how of ['stdin EOF', 'SIGTERM', 'SIGINT'] as const) {
    it(`on ${how} exits without waiting on an upstream and leaves no process of its tree behind`, async () => {
      const gw = spawnServe(treeConfig);
      await initialize(gw, treeTools);
      const tree = listDescendants(gw.child.pid as number);
      const lines = tree.map(cmdline);
      // 5 fixtures, 1 shell that stays (the exec'd one becomes the fixture), 2 grandchildren.
      expect(lines.filter((c) => /fixture\.m?[jt]s\b/.test(c) && !c.startsWith('sh ')).length).toBe(5);
      expect(lines.filter((c) => c.startsWith('sh ')).length).toBe(1);
      expect(lines.filter((c) => c.includes('setInterval')).length).toBe(2);

      const started = Date.now();
      if (how === 'stdin EOF') gw.child.stdin.end();
      else gw.child.kill(how);
      const exit = await Promise.race([gw.exited, timeout(EXIT_BOUND)]);
      expect(exit, `gw still running ${Date.now() - started} ms after ${how}`).toBeDefined();
      await waitFor(() => [gw.child.pid as number, ...tree].every((pid) => !isAlive(pid)), 1000).catch(
        () => undefined,
      );
      const survivors = tree.filter((pid) => isAlive(pid)).map((pid) => `${pid}: ${cmdline(pid)}`);
      expect(survivors).toEqual([]);
      expect(gw.stderr()).toContain('shutting down');
    });
  }

  it('kills an upstream that ignores both stdin EOF and SIGTERM, still exiting without waiting on it', async () => {
    // `hang` ignores EOF and never answers initialize (60 s timeout), so it is still starting when the gateway stops.
    // Its stderr noise starts only after the SIGTERM handler is installed, so the noise says it is armed.
    const stubborn = fixtureEntry(
      'fixture.ts',
      { FIXTURE_MODE: 'hang,ignore-sigterm,stderr-noise' },
      { timeout: 60_000 },
    );
    const gw = spawnServe({
      mcpServers: {
        stubborn: { ...stubborn, args: [...stubborn.args, '--gw-stubborn'] },
        fx: fixtureEntry(),
      },
    });
    await initialize(gw, ['fx_echo']);
    const pid = await waitFor(() =>
      listDescendants(gw.child.pid as number).find((p) => cmdline(p).includes('--gw-stubborn')),
    );
    await waitFor(() => /\[stubborn\].*fixture: noise/.test(gw.stderr()), 20_000);
    const started = Date.now();
    gw.child.stdin.end();
    const exit = await Promise.race([gw.exited, timeout(EXIT_BOUND)]);
    expect(exit, `gw still running ${Date.now() - started} ms after stdin EOF`).toBeDefined();
    await waitFor(() => !isAlive(pid), 1000).catch(() => undefined);
    expect(isAlive(pid)).toBe(false);
    // It really ignored the polite request: the gateway had to force it.
    expect(gw.stderr()).toMatch(/\[stubborn\].*ignoring SIGTERM/);
  });
});
