// Per-call figures only (fixture server), for comparing runs of the relay work quickly: node --import tsx bench/calls-quick.ts
import os from 'node:os';
import { benchCalls } from './calls.js';
import { fixture } from './lib/connect.js';
import { ratio } from './lib/stats.js';

const c = await benchCalls({ name: 'fixture', spec: fixture('many.ts', { FIXTURE_TOOL_COUNT: '10' }), tool: 'echo', args: (i) => ({ text: `hello ${i}` }), sequential: 600, warmup: 2000, concurrentCalls: 3000, bigBytes: 5 * 1024 * 1024 });
const s = c.sequential;
const k8 = c.concurrent.find((k) => k.concurrency === 8);
const k64 = c.concurrent.find((k) => k.concurrency === 64);
process.stdout.write(
  [
    `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `seq p50 direct ${s.directP50.toFixed(3)} relay ${s.relayP50.toFixed(3)} gw ${s.gatewayP50.toFixed(3)} → gw÷relay ${ratio(s.gatewayP50, s.relayP50)}`,
    `8 conc direct ${k8?.directPerSec} relay ${k8?.relayPerSec} gw ${k8?.gatewayPerSec} → gw÷relay ${k8 && ratio(k8.gatewayPerSec, k8.relayPerSec)}`,
    `64 conc direct ${k64?.directPerSec} relay ${k64?.relayPerSec} gw ${k64?.gatewayPerSec} → gw÷relay ${k64 && ratio(k64.gatewayPerSec, k64.relayPerSec)}`,
    `5MB direct ${c.bigResult?.directMs.toFixed(1)} gw ${c.bigResult?.gatewayMs.toFixed(1)} → gw÷direct ${c.bigResult?.ratio}`,
  ].join('\n') + '\n',
);
