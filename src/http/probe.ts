// One-shot connection test of one upstream (what `gw test` reports): a throwaway gateway with only that server, no retries.
import type { GatewayConfig } from '../config/schema.js';
import { assembleGateway } from '../assemble.js';
import { SILENT_LOGGER } from '../log.js';
import { describeTarget } from '../upstream/transport.js';

export interface ProbeReport {
  name: string;
  target: string;
  ok: boolean;
  error: string | null;
  serverInfo: { name: string; version: string } | null;
  capabilities: Record<string, unknown> | null;
  tools: number | null;
  prompts: number | null;
  resources: number | null;
  connectMs: number | null;
  totalMs: number;
}

export async function probeServer(config: GatewayConfig, name: string): Promise<ProbeReport> {
  const started = performance.now();
  const server = config.servers.find((s) => s.name === name);
  if (!server) throw new Error(`unknown server '${name}'`);
  const scoped: GatewayConfig = { ...config, servers: [{ ...server, enabled: true }] };
  const gateway = await assembleGateway({ config: scoped, log: SILENT_LOGGER, mode: 'probe' });
  try {
    await gateway.start();
    await gateway.pool.ready(name).catch(() => undefined);
    const status = gateway.pool.status(name);
    const snapshot = gateway.pool.server(name)?.snapshot;
    const ok = status?.state === 'ready';
    return {
      name,
      target: describeTarget(server),
      ok,
      error: ok ? null : (status?.lastError ?? 'did not start'),
      serverInfo: ok ? (snapshot?.serverInfo ?? null) : null,
      capabilities: ok ? ((snapshot?.capabilities as Record<string, unknown> | undefined) ?? null) : null,
      tools: ok ? (snapshot?.tools.length ?? 0) : null,
      prompts: ok ? (snapshot?.prompts.length ?? 0) : null,
      resources: ok ? (snapshot?.resources.length ?? 0) : null,
      connectMs: status?.connectMs ?? null,
      totalMs: Math.round(performance.now() - started),
    };
  } finally {
    await gateway.close();
  }
}
