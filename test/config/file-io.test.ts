// Unit tests for reading and writing gateway.json on disk: regular files only, a size cap, dangling symlinks, modes.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MAX_CONFIG_BYTES, readConfigText, resolveWriteTarget, writeAtomic } from '../../src/config/file-io.js';
import { openStore } from '../../src/config/store.js';

function dir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'gw-file-io-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('readConfigText', () => {
  it('reads a regular file and answers null for a missing one or a dangling link', () => {
    const d = dir();
    writeFileSync(path.join(d, 'a.json'), '{}');
    symlinkSync('nowhere.json', path.join(d, 'link.json'));
    expect(readConfigText(path.join(d, 'a.json'))).toBe('{}');
    expect(readConfigText(path.join(d, 'missing.json'))).toBeNull();
    expect(readConfigText(path.join(d, 'link.json'))).toBeNull();
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = path.join(dir(), 'gateway.json');
    execFileSync('mkfifo', [fifo]);
    expect(() => readConfigText(fifo)).toThrow(`${fifo} is a FIFO (named pipe), not a regular file`);
  });

  it('refuses a device and a directory', () => {
    expect(() => readConfigText('/dev/null')).toThrow('/dev/null is a character device, not a regular file');
    const d = dir();
    expect(() => readConfigText(d)).toThrow(`${d} is a directory`);
  });

  it('refuses a file over the size cap, naming its size and the cap', () => {
    const big = path.join(dir(), 'gateway.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_CONFIG_BYTES + 1);
    expect(() => readConfigText(big)).toThrow(`${big} is 10 MiB (10485761 bytes); a gateway.json may be at most 10 MiB (10485760 bytes)`);
  });
});

describe('writes', () => {
  it('follow a dangling symlink chain to the target that does not exist yet', async () => {
    const d = dir();
    symlinkSync('second.json', path.join(d, 'gateway.json'));
    symlinkSync(path.join(d, 'sub', 'real.json'), path.join(d, 'second.json'));
    expect(await resolveWriteTarget(path.join(d, 'gateway.json'))).toBe(path.join(d, 'sub', 'real.json'));
  });

  it('create a new file with the mode given (0600) and keep a wider mode when asked', async () => {
    const d = dir();
    await writeAtomic(path.join(d, 'new.json'), 'x', 0o600);
    expect(statSync(path.join(d, 'new.json')).mode & 0o777).toBe(0o600);
    await writeAtomic(path.join(d, 'new.json'), 'y', 0o644);
    expect(statSync(path.join(d, 'new.json')).mode & 0o777).toBe(0o644);
  });

  it('through the store: a dangling gateway.json link gets its target created, 0600, and stays a link', async () => {
    const d = dir();
    const link = path.join(d, 'gateway.json');
    symlinkSync('dotfiles/gateway.json', link);
    await openStore(link).update((doc) => {
      doc.mcpServers = { a: { command: 'x' } };
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('dotfiles/gateway.json');
    const target = path.join(d, 'dotfiles', 'gateway.json');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ mcpServers: { a: { command: 'x' } } });
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('through the store: a FIFO is refused before anything is written', async () => {
    const fifo = path.join(dir(), 'gateway.json');
    execFileSync('mkfifo', [fifo]);
    await expect(openStore(fifo).update(() => undefined)).rejects.toThrow('is a FIFO (named pipe)');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});
