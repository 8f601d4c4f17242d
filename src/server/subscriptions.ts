// One session's resource subscriptions: each URI routed to the upstream(s) that can serve it, and upstream
// subscriptions shared by every session (subscribed on the first subscriber, unsubscribed after the last).
import type { Gateway } from '../gateway.js';
import type { ResourceRouter } from './resources.js';
import { isScopedUri } from './scoped-uris.js';
import { GatewayError } from '../errors.js';

interface Target {
  server: string;
  uri: string;
}

export interface Subscriptions {
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;
  has(uri: string): boolean;
  close(): void;
}

export function createSubscriptions(gateway: Gateway, resources: ResourceRouter): Subscriptions {
  const held = new Map<string, Target[]>();

  // A listed or templated URI goes to its server. One no listing names (a dynamic resource) goes to every visible
  // server that supports subscriptions: any of them may serve it, and a subscription only asks to be told of changes.
  // Servers still starting are waited for (bounded by their startTimeout): their capabilities are not known yet.
  const targetsOf = async (uri: string): Promise<Target[]> => {
    const routed = resources.resolve(uri);
    if (routed) return [routed];
    if (isScopedUri(uri)) return [];
    const visible = gateway.pool.servers().filter((u) => u.listable && resources.visibleServer(u.name));
    const starting = visible.filter((u) => u.state === 'starting' || u.state === 'restarting');
    await Promise.all(starting.map((u) => gateway.pool.ready(u.name, { timeoutMs: u.config.startTimeout }).catch(() => undefined)));
    return visible.filter((u) => u.state === 'ready' && u.snapshot.capabilities?.resources?.subscribe).map((u) => ({ server: u.name, uri }));
  };

  return {
    async subscribe(uri) {
      if (held.has(uri)) return;
      const targets = await targetsOf(uri);
      if (held.has(uri)) return;
      if (targets.length === 0) throw new GatewayError('INVALID_PARAMS', `Resource not found: ${uri} (no server of this gateway lists it or supports subscriptions)`);
      held.set(uri, targets);
      await Promise.all(targets.map((t) => retain(gateway, t)));
    },
    async unsubscribe(uri) {
      const targets = held.get(uri);
      if (!targets) return;
      held.delete(uri);
      await Promise.all(targets.map((t) => release(gateway, t)));
    },
    has: (uri) => held.has(uri),
    close() {
      for (const targets of held.values()) for (const t of targets) void release(gateway, t).catch(() => undefined);
      held.clear();
    },
  };
}

const counts = new WeakMap<Gateway, Map<string, number>>();

function countsOf(gateway: Gateway): Map<string, number> {
  let c = counts.get(gateway);
  if (!c) counts.set(gateway, (c = new Map()));
  return c;
}

async function retain(gateway: Gateway, { server, uri }: Target): Promise<void> {
  const c = countsOf(gateway);
  const key = `${server}\u0000${uri}`;
  const n = (c.get(key) ?? 0) + 1;
  c.set(key, n);
  if (n === 1 && gateway.pool.server(server)?.snapshot.capabilities?.resources?.subscribe) await gateway.pool.subscribe(server, uri);
}

async function release(gateway: Gateway, { server, uri }: Target): Promise<void> {
  const c = countsOf(gateway);
  const key = `${server}\u0000${uri}`;
  const n = (c.get(key) ?? 1) - 1;
  if (n > 0) return void c.set(key, n);
  c.delete(key);
  if (gateway.pool.server(server)?.snapshot.capabilities?.resources?.subscribe) await gateway.pool.unsubscribe(server, uri);
}
