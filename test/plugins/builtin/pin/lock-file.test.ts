// Pin lock lookups by exposed name: `constructor` and `__proto__` are valid tool names, never Object's members.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { emptyLock, pinState, readLock, updateLock } from '../../../../src/plugins/builtin/pin/lock-file.js';

describe('pin lock file', () => {
  it('treats constructor and __proto__ as tool names: new until pinned, then pinned', async () => {
    expect(pinState(emptyLock(), 'constructor', 'h')).toBe('new');
    expect(pinState(emptyLock(), '__proto__', 'h')).toBe('new');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-lock-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'gateway.lock.json');
    await updateLock(file, (doc) => {
      for (const name of ['constructor', '__proto__', 'toString']) doc.tools[name] ??= { hash: `h-${name}`, pinnedAt: 'now' };
    });
    const doc = readLock(file);
    expect(Object.keys(doc.tools).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(pinState(doc, '__proto__', 'h-__proto__')).toBe('pinned');
    expect(pinState(doc, 'constructor', 'other')).toBe('changed');
    expect(pinState(doc, 'valueOf', 'h')).toBe('new');
  });
});
