// With settings.streamResults, a large result is streamed to the client as the upstream writes it
// (src/relay/stream-result.ts), only when it can be nothing but the answer to a relayed call; a stalled, oversized
// or cut-off line falls back cleanly. Without the setting (the default) nothing is streamed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { startGateway, textOf, toolNames, waitFor } from '../helpers/gateway.js';
import { spawnRawGateway } from '../helpers/supervise.js';

// The client side of a raw gateway: every byte and every complete line gw wrote to stdout.
function readStdout(stdout: NodeJS.ReadableStream) {
  const seen = { bytes: 0, lines: [] as string[] };
  let partial = '';
  stdout.on('data', (chunk: Buffer) => {
    seen.bytes += chunk.length;
    const text = partial + chunk.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end === -1) {
      partial = text;
      return;
    }
    seen.lines.push(...text.slice(0, end).split('\n'));
    partial = text.slice(end + 1);
  });
  return seen;
}

// A raw client on a gateway whose fx server writes a large line in two halves (split-big): requests by id, answers by id.
function splitBigGateway(streamResults = true) {
  const dir = tempDir();
  const release = path.join(dir, 'release');
  const configPath = writeConfig(
    {
      mcpServers: { fx: fixtureEntry('fixture.ts', { FIXTURE_MODE: 'split-big', FIXTURE_RELEASE_FILE: release }) },
      ...(streamResults && { settings: { streamResults } }),
    },
    dir,
  );
  const gw = spawnRawGateway(configPath);
  const out = readStdout(gw.child.stdout as NodeJS.ReadableStream);
  const send = (message: unknown) => gw.child.stdin?.write(`${JSON.stringify(message)}\n`);
  const answer = (id: string | number) =>
    waitFor(() => out.lines.map(parsed).find((m) => m !== undefined && m.id === id));
  // Listed (perhaps from the tool-list cache), then answered: the upstream is up, and the next calls are relayed.
  const ready = async () => {
    await waitFor(() => {
      send({ jsonrpc: '2.0', id: `list-${out.lines.length}`, method: 'tools/list' });
      return out.lines.some((l) => l.includes('"fx_big"'));
    });
    send({ jsonrpc: '2.0', id: 'warm', method: 'tools/call', params: { name: 'fx_echo', arguments: { text: 'up' } } });
    await answer('warm');
  };
  return { gw, out, send, answer, ready, release: () => writeFileSync(release, '') };
}

function parsed(line: string): { id?: unknown; result?: { content?: Array<{ text?: string }>; isError?: boolean } } | undefined {
  try {
    return JSON.parse(line) as ReturnType<typeof parsed>;
  } catch {
    return undefined;
  }
}

describe('large results streamed through the relay', () => {
  it('reach the client while the upstream is still writing them, under the client id', async () => {
    const { gw, out, send, ready, release } = splitBigGateway();
    await ready();
    const before = out.bytes;
    send({ jsonrpc: '2.0', id: 'big-1', method: 'tools/call', params: { name: 'fx_big', arguments: { bytes: 3_000_000 } } });
    // Half the line is written and the upstream waits: more than a megabyte already reached the client.
    await waitFor(() => gw.stderr().includes('fixture: wrote'));
    await waitFor(() => out.bytes - before > 1_000_000);
    expect(out.lines.some((l) => l.includes('"big-1"'))).toBe(false);
    release();
    const line = await waitFor(() => out.lines.find((l) => l.includes('"id":"big-1"')));
    const answer = JSON.parse(line) as { id: string; result: { content: Array<{ text: string }> } };
    expect(answer.id).toBe('big-1');
    expect(answer.result.content[0]?.text).toBe('x'.repeat(3_000_000));
    // The session goes on: a small call after it is answered too.
    send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'fx_echo', arguments: { text: 'after' } } });
    const after = await waitFor(() => out.lines.find((l) => l.includes('"id":7')));
    expect(JSON.parse(after).result.content[0].text).toBe('after');
    gw.child.stdin?.end();
    await gw.exited;
  });

  it('fall back to the whole line when the upstream stalls midway: the session is not held, the answer still arrives', async () => {
    const { gw, out, send, answer, ready, release } = splitBigGateway();
    await ready();
    send({ jsonrpc: '2.0', id: 'big-2', method: 'tools/call', params: { name: 'fx_big', arguments: { bytes: 3_000_000 } } });
    const before = out.bytes;
    await waitFor(() => gw.stderr().includes('fixture: wrote'));
    await waitFor(() => out.bytes - before > 1_000_000);
    // The upstream is stuck mid-line; other answers still reach the client.
    send({ jsonrpc: '2.0', id: 'ping-1', method: 'ping' });
    expect((await answer('ping-1')).id).toBe('ping-1');
    // The cut-off first attempt is one line the client cannot parse.
    expect(out.lines.filter((l) => parsed(l) === undefined)).toHaveLength(1);
    release();
    const big = await answer('big-2');
    expect(big.result?.content?.[0]?.text).toBe('x'.repeat(3_000_000));
    gw.child.stdin?.end();
    await gw.exited;
  });

  it('end the call with an error, and the session goes on, when the upstream dies mid-line', async () => {
    const { gw, send, answer, ready } = splitBigGateway();
    await ready();
    send({ jsonrpc: '2.0', id: 'pid', method: 'tools/call', params: { name: 'fx_pid', arguments: {} } });
    const { pid } = JSON.parse((await answer('pid')).result?.content?.[0]?.text ?? '{}') as { pid: number };
    send({ jsonrpc: '2.0', id: 'big-3', method: 'tools/call', params: { name: 'fx_big', arguments: { bytes: 3_000_000 } } });
    await waitFor(() => gw.stderr().includes('fixture: wrote'));
    process.kill(pid, 'SIGKILL');
    const big = await answer('big-3');
    expect(big.result?.isError).toBe(true);
    send({ jsonrpc: '2.0', id: 'ping-2', method: 'ping' });
    expect((await answer('ping-2')).id).toBe('ping-2');
    gw.child.stdin?.end();
    await gw.exited;
  });

  it('leave a large answer to a request of the gateway’s own client alone while a relayed call is in flight', async () => {
    // maxResultChars makes fx_big take the regular (SDK) path; fx_sleep is relayed.
    const gw = await startGateway({
      mcpServers: { fx: fixtureEntry('fixture.ts', {}, { tools: { big: { maxResultChars: 10_000_000 } } }) },
      settings: { streamResults: true },
    });
    await toolNames(gw.client, ['fx_big', 'fx_sleep']);
    const stop = new AbortController();
    const sleeping = gw.client
      .callTool({ name: 'fx_sleep', arguments: { ms: 600_000 } }, undefined, { signal: stop.signal, timeout: 900_000 })
      .catch((error: Error) => error);
    await waitFor(() => gw.stderr().includes('fixture: sleep request'));
    const big = await gw.client.callTool({ name: 'fx_big', arguments: { bytes: 2_000_000 } });
    expect(textOf(big)).toBe('x'.repeat(2_000_000));
    stop.abort();
    expect(await sleeping).toBeInstanceOf(Error);
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'still here' } }))).toBe('still here');
  });

  it('fail the call, naming maxMessageBytes, when a streamed line goes over it; the next call works', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry() }, settings: { maxMessageBytes: 1_000_000, streamResults: true } });
    await toolNames(gw.client, ['fx_big', 'fx_echo']);
    const huge = await gw.client.callTool({ name: 'fx_big', arguments: { bytes: 3_000_000 } });
    expect(huge.isError).toBe(true);
    expect(textOf(huge)).toContain('1000000 bytes');
    expect(textOf(huge)).toContain('maxMessageBytes');
    expect(textOf(await gw.client.callTool({ name: 'fx_echo', arguments: { text: 'small again' } }))).toBe('small again');
  });

  it('are not streamed without settings.streamResults: the answer comes whole, and the client never sees a cut line', async () => {
    const { gw, out, send, answer, ready, release } = splitBigGateway(false);
    await ready();
    send({ jsonrpc: '2.0', id: 'big-4', method: 'tools/call', params: { name: 'fx_big', arguments: { bytes: 3_000_000 } } });
    await waitFor(() => gw.stderr().includes('fixture: wrote'));
    send({ jsonrpc: '2.0', id: 'ping-4', method: 'ping' });
    await answer('ping-4');
    release();
    const big = await answer('big-4');
    expect(big.result?.content?.[0]?.text).toBe('x'.repeat(3_000_000));
    expect(out.lines.filter((l) => parsed(l) === undefined)).toEqual([]);
    gw.child.stdin?.end();
    await gw.exited;
  });
});
