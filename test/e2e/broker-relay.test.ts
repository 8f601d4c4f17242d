// The relay's fast path through the broker: a shared server's calls leave the session as the relay's lines, the broker
// passes them on and back with only their ids swapped (a large result as its bytes), and each session gets its own.
import { randomUUID } from 'node:crypto';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { deliverResponsesLast, startGateway, textOf, toolNames } from '../helpers/gateway.js';
import { brokerDir, brokerStatus, fixturePids, taggedFixture } from '../helpers/broker.js';
import { writeConfig } from '../helpers/gw.js';

const CLIENT = { timeout: 60_000, resetTimeoutOnProgress: true };

describe('relayed calls through the broker', () => {
  it('splice the relay lines both ways, pass large results as bytes, and keep each session its own answers', async () => {
    const broker = brokerDir();
    const tag = randomUUID();
    const config = writeConfig({ share: true, mcpServers: { one: taggedFixture(tag, {}, { startTimeout: 60_000 }) } });
    const [a, b] = await Promise.all(
      [0, 1].map(() => startGateway(undefined, { configPath: config, env: broker.env })),
    );
    for (const gw of [a!, b!]) await toolNames(gw.client, ['one_sleep', 'one_big']);

    // A call with progress: only the relay writes the request in the shape the broker splices with its token.
    deliverResponsesLast(a!.transport);
    const seen: Progress[] = [];
    const slept = await a!.client.callTool({ name: 'one_sleep', arguments: { ms: 300 } }, undefined, {
      ...CLIENT,
      onprogress: (p) => void seen.push(p),
    });
    expect(textOf(slept)).toBe('slept 300');
    expect(seen.length).toBeGreaterThan(0);
    const afterSleep = (await brokerStatus(broker.dir))!.upstreams[0]!;
    expect(afterSleep.passed.spliced).toBeGreaterThanOrEqual(2);
    expect(afterSleep.passed.reserialized).toBe(0);

    // Both sessions at once, the same request ids on each side: large results, each whole and each its own size.
    const sizes = [300_000, 400_000, 500_000, 600_000];
    const results = await Promise.all(
      sizes.map((bytes, i) => (i % 2 === 0 ? a! : b!).client.callTool({ name: 'one_big', arguments: { bytes } })),
    );
    expect(results.map((r) => textOf(r).length)).toEqual(sizes);
    expect(results.every((r) => /^x+$/.test(textOf(r)))).toBe(true);
    const after = (await brokerStatus(broker.dir))!.upstreams[0]!;
    expect(after.passed.bytes).toBe(sizes.length);
    expect(after.calls).toBe(0);
    expect(fixturePids(tag)).toHaveLength(1);
  });
});
