// A 2026-07-28 upstream through the gateway: connect + first tools/list against a direct v2 client's connect + list
// (goal ≤ 1.2×), and per-call p50 through the gateway to a modern upstream against a legacy one. Run alone with
// `node --import tsx bench/eras.ts`, or as part of `npm run bench`.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { connect, fixture, gatewaySpec, ROOT, type ServerSpec } from './lib/connect.js';
import { percentile, ratio } from './lib/stats.js';

export interface EraFigures {
  directConnectListMs: number;
  gatewayConnectListMs: number;
  connectListRatio: number;
  legacyCallP50Ms: number;
  modernCallP50Ms: number;
  modernOverLegacy: number;
  // The same modern server called by a direct v2 client: what the modern server itself costs per call.
  directModernCallP50Ms: number;
  modernOverDirect: number;
}

// The bundled fixture when the test setup built it (starts faster, as a published server would), else through tsx.
function server(file: string, env: Record<string, string> = {}): ServerSpec {
  const built = path.join(ROOT, 'test', 'fixtures', '.build', file.replace(/\.ts$/, '.mjs'));
  return existsSync(built) ? { command: process.execPath, args: [built], env } : fixture(file, env);
}

export async function benchEras(rounds = 5, calls = 300): Promise<EraFigures> {
  const modern = server('modern.ts');
  const direct: number[] = [];
  const viaGateway: number[] = [];
  const spec = gatewaySpec({ m: modern });
  const stateDir = spec.env?.GW_STATE_DIR as string;
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const client = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StdioClientTransport({ command: modern.command, args: modern.args, stderr: 'ignore' }));
    await client.listTools();
    direct.push(performance.now() - t);
    await client.close();
    // A fresh tool-list cache each round (so the list is the upstream's own), the era verdict kept as a second start has it.
    rmSync(path.join(stateDir, 'catalog-cache.json'), { force: true });
    t = performance.now();
    const gw = await connect(spec);
    for (;;) if ((await gw.client.listTools()).tools.some((tool) => tool.name === 'm_whoami')) break;
    viaGateway.push(performance.now() - t);
    await gw.close();
  }
  const both = await connect(gatewaySpec({ m: modern, l: server('fixture.ts') }));
  const p50 = async (client: { callTool(p: { name: string; arguments: Record<string, unknown> }): Promise<unknown> }, name: string) => {
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      await client.callTool({ name, arguments: { text: `hello ${i}` } });
      samples.push(performance.now() - t);
    }
    return percentile(samples.slice(Math.floor(calls / 5)), 50);
  };
  const directModern = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await directModern.connect(new StdioClientTransport({ command: modern.command, args: modern.args, stderr: 'ignore' }));
  const directModernCallP50Ms = await p50(directModern, 'echo');
  await directModern.close();
  for (;;) if ((await both.client.listTools()).tools.filter((t) => t.name === 'm_echo' || t.name === 'l_echo').length === 2) break;
  const legacyCallP50Ms = await p50(both.client, 'l_echo');
  const modernCallP50Ms = await p50(both.client, 'm_echo');
  await both.close();
  const directConnectListMs = percentile(direct, 50);
  const gatewayConnectListMs = percentile(viaGateway, 50);
  return {
    directConnectListMs,
    gatewayConnectListMs,
    connectListRatio: ratio(gatewayConnectListMs, directConnectListMs),
    legacyCallP50Ms,
    modernCallP50Ms,
    modernOverLegacy: ratio(modernCallP50Ms, legacyCallP50Ms),
    directModernCallP50Ms,
    modernOverDirect: ratio(modernCallP50Ms, directModernCallP50Ms),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchEras(), null, 2)}\n`);
}
