// Tool-call spans reach an OTLP/HTTP receiver (a real HTTP server in the test) when $OTEL_EXPORTER_OTLP_ENDPOINT is
// set: session, tool, upstream, outcome and duration, never the arguments or the result.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtureEntry } from '../helpers/gw.js';
import { textOf, waitFor } from '../helpers/gateway.js';
import { startHttpGateway } from '../helpers/http.js';

type Attribute = { key: string; value: { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number } };
interface Span {
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attribute[];
  status?: { code?: number };
}

// Records every body posted to /v1/traces (the OTLP/HTTP JSON encoding the exporter sends by default).
async function startReceiver(): Promise<{ url: string; bodies: string[]; spans: () => Span[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const spans = () =>
    bodies.flatMap((b) =>
      (JSON.parse(b) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Span[] }> }> }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, spans };
}

const attrs = (span: Span) => new Map(span.attributes.map((a) => [a.key, a.value.stringValue ?? a.value.boolValue ?? Number(a.value.intValue ?? a.value.doubleValue)]));

describe('OpenTelemetry tool-call spans', () => {
  it('exports one span per call with session, tool, upstream, outcome and duration, and nothing of the content', async () => {
    const receiver = await startReceiver();
    const gw = await startHttpGateway({ mcpServers: { fx: fixtureEntry() } }, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'gw-test' } });
    expect(gw.stderr()).toMatch(/tracing tool calls to http:\/\/127\.0\.0\.1:\d+ \(OTLP\/HTTP\)/);
    const client = await gw.connect();
    expect(textOf(await client.callTool({ name: 'fx_echo', arguments: { text: 'private-argument-42' } }))).toBe('private-argument-42');
    await client.callTool({ name: 'fx_fail', arguments: { message: 'private-failure-43' } });

    const spans = await waitFor(() => {
      const found = receiver.spans();
      return found.length >= 2 ? found : undefined;
    }, 15_000);
    const echo = spans.find((s) => attrs(s).get('mcp.tool.name') === 'fx_echo') as Span;
    expect(echo.name).toBe('tools/call fx_echo');
    expect(Object.fromEntries(attrs(echo))).toMatchObject({ 'gw.upstream': 'fx', 'gw.upstream.tool': 'echo', 'gw.outcome': 'allowed', 'gw.is_error': false, 'mcp.client.name': 'http-test' });
    expect(attrs(echo).get('mcp.session.id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(BigInt(echo.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(echo.startTimeUnixNano));
    const fail = spans.find((s) => attrs(s).get('mcp.tool.name') === 'fx_fail') as Span;
    expect(attrs(fail).get('gw.is_error')).toBe(true);
    expect(fail.status?.code).toBe(2);
    expect(receiver.bodies.join('')).toContain('gw-test');
    for (const secret of ['private-argument-42', 'private-failure-43']) expect(receiver.bodies.join('')).not.toContain(secret);
  });
});
