// A real Secret Service for a test: a private D-Bus session bus (dbus-daemon) with gnome-keyring-daemon unlocked on it,
// in a throwaway HOME; the env that points `gw` at it, secret-tool to read what it holds, and both daemons ended after.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { onTestFinished } from 'vitest';
import { waitFor } from './gateway.js';
import { tempDir } from './gw.js';

export const KEYCHAIN_SERVICE = 'fast-mcp-gateway';
const NEEDED = ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'];

export interface SecretService {
  // DBUS_SESSION_BUS_ADDRESS of the private bus (pass to every gw run that should see the keychain).
  env: Record<string, string>;
  // Every entry of fast-mcp-gateway, as secret-tool reads it: account → secret.
  entries(): Promise<Map<string, string>>;
  pids: number[];
}

// Why the daemons cannot run here (a missing binary), or undefined when they can. CI installs them (.ci/run).
export function secretServiceMissing(): string | undefined {
  const missing = NEEDED.filter((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
  return missing.length > 0 ? `${missing.join(', ')} not installed (Debian: apt-get install dbus-daemon gnome-keyring libsecret-tools)` : undefined;
}

export async function startSecretService(): Promise<SecretService> {
  const dir = tempDir('gw-keyring-');
  const run = path.join(dir, 'run');
  mkdirSync(run, { mode: 0o700 });
  mkdirSync(path.join(dir, 'home'));
  // Only our keyring on this bus: no service directories, so nothing is activated behind our back.
  const conf = path.join(dir, 'bus.conf');
  writeFileSync(
    conf,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=${run}</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`,
  );
  const procs: ResultPromise[] = [];
  onTestFinished(async () => {
    // The keyring first (it leaves the bus), then the bus; each waited for, so no daemon outlives the test.
    for (const p of procs.reverse()) {
      p.kill('SIGTERM');
      await p.catch(() => undefined);
    }
  });
  const bus = execa('dbus-daemon', [`--config-file=${conf}`, '--nofork', '--print-address=1'], { reject: false, stdin: 'ignore' });
  procs.push(bus);
  const address = await firstLine(bus);
  const env = { DBUS_SESSION_BUS_ADDRESS: address };
  const home = path.join(dir, 'home');
  const keyring = execa('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    reject: false,
    input: 'throwaway-keyring-password',
    env: { ...env, HOME: home, XDG_RUNTIME_DIR: run, XDG_DATA_HOME: path.join(home, '.local', 'share'), XDG_CONFIG_HOME: path.join(home, '.config') },
    extendEnv: false,
  });
  procs.push(keyring);
  const secretTool = (args: string[]) => execa('secret-tool', args, { env, reject: false, stdin: 'ignore' });
  // Ready when the Secret Service answers on the bus.
  await waitFor(async () => (await secretTool(['search', '--all', 'service', KEYCHAIN_SERVICE])).exitCode === 0, 20_000);
  return {
    env,
    pids: [bus.pid, keyring.pid].filter((p): p is number => p !== undefined),
    async entries() {
      const out = await secretTool(['search', '--all', '--unlock', 'service', KEYCHAIN_SERVICE]);
      // secret-tool prints each item as `key = value` lines (the secret on stdout, attributes on stderr), item by item.
      const secrets = [...String(out.stdout).matchAll(/^secret = (.*)$/gm)].map((m) => m[1] ?? '');
      const accounts = [...String(out.stderr).matchAll(/^attribute\.username = (.*)$/gm)].map((m) => m[1] ?? '');
      return new Map(accounts.map((a, i) => [a, secrets[i] ?? '']));
    },
  };
}

async function firstLine(proc: ResultPromise): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve(line.trim());
    });
    proc.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before printing its address`)));
  });
}
