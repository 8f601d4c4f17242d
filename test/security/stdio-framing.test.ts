// Over stdio, a line that is not a JSON-RPC message is answered (-32700 / -32600 with a null id), logged once, and the session goes on.
import { describe, expect, it } from 'vitest';
import { fixtureEntry, tempDir, writeConfig } from '../helpers/gw.js';
import { waitFor } from '../helpers/gateway.js';
import { spawnRawGateway } from '../helpers/supervise.js';

// Every JSON line the gateway wrote on stdout so far.
function collectStdout(child: ReturnType<typeof spawnRawGateway>['child']): () => Array<Record<string, unknown>> {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () =>
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('stdio framing', () => {
  it('answers JSON that is not JSON-RPC with -32600, a non-JSON line with -32700, logs each once, and keeps serving', async () => {
    const gw = spawnRawGateway(writeConfig({ mcpServers: { fx: fixtureEntry() } }, tempDir()));
    const out = collectStdout(gw.child);
    await waitFor(() => out().find((m) => m.id === 1));

    const bad = ['{}', '[]', '42', '{"jsonrpc":"2.0"}', 'this is not json'];
    for (const line of bad) gw.child.stdin?.write(`${line}\n`);
    gw.child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' })}\n`);

    const errors = await waitFor(() => {
      const found = out().filter((m) => m.id === null);
      return found.length === bad.length && out().some((m) => m.id === 2) ? found : undefined;
    });
    const codes = errors.map((m) => (m.error as { code: number }).code);
    expect(codes).toEqual([-32600, -32600, -32600, -32600, -32700]);
    for (const e of errors) expect(e.jsonrpc).toBe('2.0');
    expect((errors[1]?.error as { message: string }).message).toMatch(/Invalid Request: .*array/);
    // The session still works after the bad lines.
    expect(out().find((m) => m.id === 2)).toMatchObject({ jsonrpc: '2.0', id: 2, result: {} });

    const logged = await waitFor(() => {
      const lines = gw.stderr().split('\n').filter((l) => /the client sent (JSON that is not a JSON-RPC message|a line that is not JSON)/.test(l));
      return lines.length === bad.length ? lines : undefined;
    });
    expect(logged.filter((l) => l.includes('not JSON (16 chars)'))).toHaveLength(1);
    gw.child.stdin?.end();
    expect(await gw.exited).toBe(0);
  });
});
