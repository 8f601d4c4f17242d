// What sessions share stays theirs: server→client requests go to the session whose call caused them (or fail clearly),
// and a broker of another version is replaced when unused or left alone (the session then runs unshared).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startGateway, textOf, waitFor } from '../helpers/gateway.js';
import { brokerDir, fixturePids, parentOf, taggedFixture } from '../helpers/broker.js';
import { ROOT, writeConfig } from '../helpers/gw.js';
import { isAlive } from '../../src/upstream/process-tree.js';

const EVERYTHING = {
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
};
const SAMPLING = { capabilities: { sampling: {} } };
const answer = (text: string) => ({
  role: 'assistant' as const,
  model: 'test',
  content: { type: 'text' as const, text },
});

describe('routing through the broker', () => {
  it('two sessions sampling at once each get their own answer', async () => {
    const broker = brokerDir();
    const config = writeConfig({ share: true, mcpServers: { one: taggedFixture(randomUUID()) } });
    const seen: string[] = [];
    let release!: () => void;
    const both = new Promise<void>((resolve) => (release = resolve));
    const start = (name: string) =>
      startGateway(undefined, {
        configPath: config,
        env: broker.env,
        clientOptions: SAMPLING,
        prepare: (client) =>
          client.setRequestHandler(CreateMessageRequestSchema, async () => {
            // Each handler waits until both sessions were asked: a request routed to the wrong session would hang here.
            if (seen.push(name) === 2) release();
            await both;
            return answer(`from ${name}`);
          }),
      });
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const call = (gw: typeof a) =>
      gw.client.callTool({ name: 'one_sample', arguments: { prompt: 'hi' } }, undefined, {
        onprogress: () => undefined,
      });
    const [ra, rb] = await Promise.all([call(a), call(b)]);
    expect(textOf(ra)).toBe('from a');
    expect(textOf(rb)).toBe('from b');
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('server-everything: sampling goes to the only busy session, and fails clearly when two are busy', async () => {
    const broker = brokerDir();
    const config = writeConfig({ share: true, mcpServers: { everything: EVERYTHING } });
    let asked!: () => void;
    const askedA = new Promise<void>((resolve) => (asked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const a = await startGateway(undefined, {
      configPath: config,
      env: broker.env,
      clientOptions: SAMPLING,
      prepare: (client) =>
        client.setRequestHandler(CreateMessageRequestSchema, async () => {
          asked();
          await released;
          return answer('from a');
        }),
    });
    const b = await startGateway(undefined, {
      configPath: config,
      env: broker.env,
      clientOptions: SAMPLING,
      prepare: (client) => client.setRequestHandler(CreateMessageRequestSchema, () => answer('from b')),
    });
    const name = 'everything_trigger-sampling-request';
    const first = a.client.callTool({ name, arguments: { prompt: 'one' } });
    await askedA;
    const second = await b.client.callTool({ name, arguments: { prompt: 'two' } });
    expect(second.isError).toBe(true);
    expect(textOf(second)).toMatch(
      /is shared and sent sampling\/createMessage without saying which call it belongs to \(2 sessions have calls in flight to it\); set "share": false/,
    );
    release();
    expect(textOf(await first)).toContain('from a');
  });

  for (const sessions of [0, 2]) {
    it(`a broker of another version with ${sessions} sessions is ${sessions === 0 ? 'replaced' : 'left alone, the session running unshared'}`, async () => {
      const broker = brokerDir();
      const old = fakeOldBroker(broker.dir, sessions);
      const tag = randomUUID();
      const gw = await startGateway(
        { share: true, mcpServers: { one: taggedFixture(tag) } },
        { env: broker.env },
      );
      expect(textOf(await gw.client.callTool({ name: 'one_echo', arguments: { text: 'hi' } }))).toBe('hi');
      if (sessions === 0) {
        expect(gw.stderr()).toMatch(/replacing the unused broker pid \d+ \(gw 0\.0\.1-old\)/);
        await waitFor(() => !isAlive(old.pid));
        expect(broker.pids()).toHaveLength(1);
        expect(fixturePids(tag).map(parentOf)).toEqual(broker.pids());
      } else {
        expect(gw.stderr()).toMatch(
          /sharing is off for this session, its servers run unshared: the running broker \(pid \d+\) is gw 0\.0\.1-old, .* and 2 session\(s\) use it/,
        );
        expect(isAlive(old.pid)).toBe(true);
        expect(fixturePids(tag).map(parentOf)).toEqual([gw.pid]);
      }
    });
  }
});

// Stands in for a broker of an older gw: says hello with its version, and on "stop" ends (its pid is a sleeping node).
function fakeOldBroker(dir: string, sessions: number): { pid: number } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const body = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  const server = net.createServer((socket) => {
    socket.write(`${JSON.stringify({ gw: 'hello', version: '0.0.1-old', pid: body.pid, sessions })}\n`);
    socket.on('data', (data) => {
      if (!String(data).includes('"stop"')) return;
      socket.end(`${JSON.stringify({ gw: 'stopping' })}\n`);
      server.close();
      body.kill('SIGKILL');
    });
    socket.on('error', () => undefined);
  });
  server.listen(path.join(dir, 'broker.sock'));
  onTestFinished(() => {
    server.close();
    body.kill('SIGKILL');
  });
  return { pid: body.pid as number };
}
