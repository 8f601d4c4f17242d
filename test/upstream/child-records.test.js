// Tests child records and the orphan sweep against real processes: dead owners, live owners, reused pids.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { forgetChild, recordChild, sweepOrphans, } from '../../src/upstream/child-records.js';
import { isAlive, killTreeSync, processStartTime } from '../../src/upstream/process-tree.js';
const HAS_PROC = existsSync('/proc/self/stat');
function stateDir() {
    const dir = mkdtempSync(join(tmpdir(), 'gw-children-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}
// A detached long-running node process, as the gateway spawns upstreams; killed after the test.
async function spawnChild() {
    const child = spawn(process.execPath, ['-e', "console.log('ready'); setInterval(() => {}, 1000)"], {
        detached: true,
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = child.pid;
    onTestFinished(() => killTreeSync(pid));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    return pid;
}
// The pid of a process that has already exited, standing in for a SIGKILLed gateway.
async function deadPid() {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    return child.pid;
}
function record(pid, owner = {}) {
    return { pid, startTime: processStartTime(pid), server: 'github', command: 'node', ownerPid: 1, ...owner };
}
const files = (dir) => readdirSync(join(dir, 'children'));
describe('child records', () => {
    it('sweeps a live child whose owner is gone, and deletes its record', async () => {
        const dir = stateDir();
        const pid = await spawnChild();
        recordChild(dir, record(pid, { ownerPid: await deadPid(), ownerStartTime: '1' }));
        expect(files(dir)).toEqual([`${pid}.json`]);
        expect(await sweepOrphans(dir)).toEqual([{ pid, server: 'github' }]);
        expect(isAlive(pid)).toBe(false);
        expect(files(dir)).toEqual([]);
    });
    it('leaves a child alone while its owner is alive with the same start time', async () => {
        const dir = stateDir();
        const pid = await spawnChild();
        recordChild(dir, record(pid, { ownerPid: process.pid, ownerStartTime: processStartTime(process.pid) }));
        expect(await sweepOrphans(dir)).toEqual([]);
        expect(isAlive(pid)).toBe(true);
        expect(files(dir)).toEqual([`${pid}.json`]);
    });
    it.skipIf(!HAS_PROC)('treats an owner pid with a different start time as gone (pid reuse)', async () => {
        const dir = stateDir();
        const pid = await spawnChild();
        recordChild(dir, record(pid, { ownerPid: process.pid, ownerStartTime: '1' }));
        expect(await sweepOrphans(dir)).toEqual([{ pid, server: 'github' }]);
        expect(isAlive(pid)).toBe(false);
    });
    it.skipIf(!HAS_PROC)('does not kill a live process whose start time does not match (pid reuse)', async () => {
        const dir = stateDir();
        const pid = await spawnChild();
        recordChild(dir, { ...record(pid, { ownerPid: await deadPid() }), startTime: '1' });
        expect(await sweepOrphans(dir)).toEqual([]);
        expect(isAlive(pid)).toBe(true);
        expect(files(dir)).toEqual([]);
    });
    it('drops records of children that are already gone, and unreadable records', async () => {
        const dir = stateDir();
        recordChild(dir, record(await deadPid(), { ownerPid: await deadPid() }));
        recordChild(dir, { ...record(process.pid), pid: 0 }); // fails the schema
        expect(files(dir)).toHaveLength(2);
        expect(await sweepOrphans(dir)).toEqual([]);
        expect(files(dir)).toEqual([]);
    });
    it('forgetChild removes a record; nothing throws on a missing or unwritable state directory', async () => {
        const dir = stateDir();
        recordChild(dir, record(process.pid));
        forgetChild(dir, process.pid);
        expect(files(dir)).toEqual([]);
        expect(() => recordChild('/dev/null/nope', record(process.pid))).not.toThrow();
        expect(() => forgetChild('/dev/null/nope', 1)).not.toThrow();
        expect(await sweepOrphans(join(dir, 'missing'))).toEqual([]);
    });
});
