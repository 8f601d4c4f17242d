// Issue #23 §8: slow and numerous clients are bounded (header timeout, connection cap, tighter on a network bind), and two Host headers get 400.
import { connect, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { waitFor } from '../helpers/gateway.js';
import { startHttpGateway, TOKEN } from '../helpers/http.js';

const CONFIG = { mcpServers: { fx: fixtureEntry() } };
const STRONG = 'S'.repeat(43);

// A raw connection to 127.0.0.1:port that records what it receives and resolves `closed` when the other side closes it.
async function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  onTestFinished(() => {
    socket.destroy();
  });
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => data, closed };
}

describe('HTTP limits', () => {
  it('cuts a client that sends its headers too slowly, answers two Host headers with 400, and uses the tighter limits on a network bind', async () => {
    const gw = await startHttpGateway(CONFIG, {
      auth: [],
      args: ['--host', '0.0.0.0'],
      env: { GW_TOKEN: STRONG, GW_HTTP_HEADERS_TIMEOUT_MS: '300', GW_LOG_LEVEL: 'debug' },
    });
    expect(gw.stderr()).toMatch(/http limits: headersTimeout 300 ms, requestTimeout 60000 ms, keepAliveTimeout 5000 ms, maxConnections 256/);
    // Reachable from other machines, perhaps one replica of several: without a shared signing key it says what that costs.
    expect(gw.stderr()).toMatch(/no GW_SIGNING_KEY: .*replicas behind a load balancer need the same GW_SIGNING_KEY/);

    // Headers begun and never finished: the gateway answers 408 and closes the connection.
    const slow = await open(gw.port);
    slow.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n`);
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);

    const twice = await open(gw.port);
    twice.socket.write(`GET /status HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nHost: attacker.example\r\nAuthorization: Bearer ${STRONG}\r\n\r\n`);
    await twice.closed;
    expect(twice.received()).toMatch(/^HTTP\/1\.1 400/);
    expect(twice.received()).toMatch(/the request has 2 Host headers; send exactly one/);
  });

  it('drops connections beyond --max-connections and says so in the log', async () => {
    const gw = await startHttpGateway(CONFIG, { args: ['--max-connections', '2'], env: { GW_LOG_LEVEL: 'debug' } });
    expect(gw.stderr()).toMatch(/http limits: headersTimeout 30000 ms, requestTimeout 120000 ms, keepAliveTimeout 5000 ms, maxConnections 2/);
    const request = `GET /status HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`;
    // Two kept-alive connections, each proven open by an answer.
    const held = [await open(gw.port), await open(gw.port)];
    for (const c of held) {
      c.socket.write(request);
      await waitFor(() => /\r\n\r\n[\s\S]*"mode": "http"/.test(c.received()));
    }
    const third = await open(gw.port);
    third.socket.write(request);
    await third.closed;
    expect(third.received()).toBe('');
    await waitFor(() => /refused a connection: 2 are open \(--max-connections\)/.test(gw.stderr()));
  });
});
