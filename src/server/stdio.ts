// Serves the gateway to one client over stdio, with live reload and a shutdown that leaves no upstream process behind.
import type { GatewayConfig } from '../config/schema.js';
import type { Gateway } from '../gateway.js';
import { beginServing, runUntilStopped } from './lifecycle.js';
import { createSession } from './session.js';
import { installModernStdio, MODERN_UPSTREAM_CAPABILITIES } from './modern/stdio.js';
import { DownstreamStdioTransport } from './stdio-transport.js';

export interface ServeStdioOptions {
  gateway: Gateway;
  group?: string;
  // The file to watch for live reload (omit to disable), and the text it was loaded from.
  watchFile?: string;
  loadedText?: string;
  // Applied to every reloaded config (command-line overrides such as --tools).
  adjust?: (config: GatewayConfig) => GatewayConfig;
}

const INITIALIZE_WAIT_MS = 3000;

// Runs until the client goes away or a signal arrives; resolves after every upstream is gone.
export async function serveStdio(options: ServeStdioOptions): Promise<void> {
  const { gateway } = options;
  const serving = await beginServing({ ...options, mode: 'stdio' });

  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void gateway.start();
  };
  const session = createSession(gateway, {
    ...(options.group !== undefined && { group: options.group }),
    onInitialized: (caps) => {
      gateway.setClientCapabilities(caps);
      start();
    },
  });
  // A client that is slow to initialize still gets its upstreams warming up.
  setTimeout(start, INITIALIZE_WAIT_MS).unref();

  const transport = new DownstreamStdioTransport({ maxMessageBytes: gateway.config.settings.maxMessageBytes, log: gateway.log });
  // 2026-07-28 requests (no initialize) are served beside the 2025 session; the first one starts the upstreams.
  const modern = installModernStdio(gateway, transport, options.group, () => {
    if (!started) gateway.setClientCapabilities(MODERN_UPSTREAM_CAPABILITIES);
    start();
  });
  await session.connect(transport);
  gateway.log.info(
    `serving ${gateway.config.servers.filter((s) => s.enabled).length} servers over stdio${options.group ? ` (group ${options.group})` : ''}`,
  );
  await runUntilStopped(gateway, {
    stdin: true,
    parent: true,
    close: async () => {
      serving.close();
      await modern.close();
      await session.close();
    },
  });
}
