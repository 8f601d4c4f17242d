// Which era a stdio upstream speaks, asked on its own pipe before any client attaches: `server/discover` answered with
// 2026-07-28 among the supported versions is a modern server; an error (a 2025 server answers -32601) or silence is a
// legacy one. The process stays up for the client that follows (its exit means a legacy server that quit on the probe).
import type { DiscoverResult } from '@modelcontextprotocol/client';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../version.js';
import { MODERN_VERSION } from './client.js';
import { loadModernSdk } from './modern-sdk.js';
import type { StdioUpstreamTransport } from './transports/stdio-process.js';

export type ProbeOutcome = { era: 'modern'; discover: DiscoverResult } | { era: 'legacy'; exited: boolean };

const PROBE_ID = 'gw-era-probe';
// Some 2025 servers ignore an unknown request before initialize: their silence must not hold the start for long, but
// a slow starter (npx, a loaded machine) must not be taken for one either. Half the start timeout, at most 10 s.
const SILENCE_MS = 10_000;

export async function probeStdio(transport: StdioUpstreamTransport, capabilities: ClientCapabilities, timeoutMs: number): Promise<ProbeOutcome> {
  await transport.start();
  // Loaded while the process starts; a modern answer needs the v2 client next.
  const { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } = await loadModernSdk();
  return new Promise<ProbeOutcome>((resolve) => {
    const done = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      transport.onmessage = undefined;
      transport.onclose = undefined;
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      // A server that ignores the probe never answers it: the relay may stream results on this pipe all the same.
      transport.forget(PROBE_ID);
      done({ era: 'legacy', exited: false });
    }, Math.min(SILENCE_MS, timeoutMs / 2));
    transport.onclose = () => done({ era: 'legacy', exited: true });
    transport.onmessage = (message) => {
      if (!('id' in message) || message.id !== PROBE_ID) return;
      const result = 'result' in message ? (message.result as Partial<DiscoverResult>) : undefined;
      const modern = Array.isArray(result?.supportedVersions) && result.supportedVersions.includes(MODERN_VERSION);
      done(modern ? { era: 'modern', discover: result as DiscoverResult } : { era: 'legacy', exited: false });
    };
    const meta = {
      [PROTOCOL_VERSION_META_KEY]: MODERN_VERSION,
      [CLIENT_INFO_META_KEY]: { name: 'fast-gateway', version: VERSION },
      [CLIENT_CAPABILITIES_META_KEY]: capabilities,
    };
    transport.send({ jsonrpc: '2.0', id: PROBE_ID, method: 'server/discover', params: { _meta: meta } }).catch(() => done({ era: 'legacy', exited: true }));
  });
}
