// Unit tests for the gateway.json store: create, validate before and after, stable output, no-op writes, locking.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openStore, toStableJson } from '../../src/config/store.js';

function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-store-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'nested', 'gateway.json');
}

function tmp(): string {
  return path.dirname(path.dirname(tempFile()));
}

describe('openStore', () => {
  it('creates the file and its directory on first update, as 2-space JSON with a trailing newline', async () => {
    const file = tempFile();
    const store = openStore(file);
    expect(await store.read()).toBeUndefined();
    const result = await store.update((doc) => {
      doc.mcpServers = { ...doc.mcpServers, a: { command: 'x', args: ['1'] } };
    });
    expect(result).toEqual({ mcpServers: { a: { command: 'x', args: ['1'] } } });
    expect(readFileSync(file, 'utf8')).toBe(
      '{\n  "mcpServers": {\n    "a": {\n      "command": "x",\n      "args": [\n        "1"\n      ]\n    }\n  }\n}\n',
    );
    expect(await store.read()).toEqual(result);
    expect(existsSync(file + '.lock')).toBe(false);
  });

  it('keeps key order so a diff shows only the edit', async () => {
    const file = tempFile();
    const original = {
      settings: { separator: '_' },
      mcpServers: { z: { command: 'z' }, a: { args: ['x'], command: 'a' } },
    };
    await openStore(file).update(() => undefined);
    writeFileSync(file, JSON.stringify(original, null, 2));
    await openStore(file).update((doc) => {
      doc.mcpServers!.m = { command: 'm' };
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(
      toStableJson({
        settings: { separator: '_' },
        mcpServers: { z: { command: 'z' }, a: { args: ['x'], command: 'a' }, m: { command: 'm' } },
      }),
    );
  });

  it('never overwrites an invalid file, and reports it with line:column', async () => {
    const file = tempFile();
    await openStore(file).update(() => undefined);
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x", "bogus": true }\n  }\n}\n';
    writeFileSync(file, broken);
    await expect(
      openStore(file).update((doc) => void (doc.mcpServers!.b = { command: 'y' })),
    ).rejects.toThrow(/mcpServers\.a\.bogus is not a known key.*\(line 3:28\)[\s\S]*left the file unchanged/);
    await expect(openStore(file).read()).rejects.toThrow(/bogus/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('writes nothing when the mutation would make the config invalid', async () => {
    const file = tempFile();
    await openStore(file).update((doc) => void (doc.mcpServers!.a = { command: 'x' }));
    const before = readFileSync(file, 'utf8');
    await expect(
      openStore(file).update((doc) => {
        doc.groups = { dev: { servers: ['ghost'] } };
      }),
    ).rejects.toThrow(/nothing was saved[\s\S]*groups\.dev\.servers\[0\] names server "ghost"/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('keeps the file\'s permissions and writes through a symlink, which stays a link', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'dotfiles'));
    const real = path.join(dir, 'dotfiles', 'gateway.json');
    writeFileSync(real, toStableJson({ mcpServers: { a: { command: 'x', env: { TOKEN: 'secret' } } } }));
    chmodSync(real, 0o600);
    const link = path.join(dir, 'gateway.json');
    symlinkSync(real, link);
    await openStore(link).update((doc) => {
      (doc.mcpServers ??= {}).b = { command: 'y' };
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(real, 'utf8')).mcpServers)).toEqual(['a', 'b']);
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });

  it('says so when the path given is a directory', async () => {
    const dir = tmp();
    await expect(openStore(dir).read()).rejects.toThrow(/is a directory; the config is a file/);
  });

  it('skips the write when nothing changed', async () => {
    const file = tempFile();
    await openStore(file).update((doc) => void (doc.mcpServers!.a = { command: 'x' }));
    const mtime = statSync(file).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await openStore(file).update(() => undefined);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('treats an empty file like a missing one', async () => {
    const file = tempFile();
    await openStore(file).update(() => undefined);
    writeFileSync(file, '\n');
    await openStore(file).update((doc) => void (doc.mcpServers!.a = { command: 'x' }));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mcpServers: { a: { command: 'x' } } });
  });

  it('serialises concurrent updates so none is lost', async () => {
    const file = tempFile();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        openStore(file).update(async (doc) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          doc.mcpServers![`s${i}`] = { command: 'x' };
        }),
      ),
    );
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).mcpServers)).toHaveLength(20);
  });
});
