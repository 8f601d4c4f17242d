// Readiness for a load balancer (/readyz): config loaded, upstreams started per the --ready policy, not draining.
import type { Gateway } from '../gateway.js';
import type { UpstreamState } from '../upstream/context.js';

// any: at least one upstream ready (or none configured); all: every upstream ready; none: ready once listening.
export const READY_POLICIES = ['any', 'all', 'none'] as const;
export type ReadyPolicy = (typeof READY_POLICIES)[number];
export const DEFAULT_READY_POLICY: ReadyPolicy = 'any';

// What /readyz answers; counts only, because the route needs no token and must not name servers.
export interface ReadyState {
  ready: boolean;
  policy: ReadyPolicy;
  draining: boolean;
  upstreams: { ready: number; total: number };
}

export interface Readiness {
  check(): ReadyState;
  // From SIGTERM on the replica reports not ready, so the load balancer stops sending it new sessions.
  drain(): void;
  isDraining(): boolean;
}

export function createReadiness(gateway: Gateway, policy: ReadyPolicy): Readiness {
  let draining = false;
  return {
    check: () => readyState(policy, gateway.statuses().map((s) => s.state), draining),
    drain() {
      draining = true;
    },
    isDraining: () => draining,
  };
}

// The verdict for a policy over the upstreams' states.
export function readyState(policy: ReadyPolicy, states: readonly UpstreamState[], draining: boolean): ReadyState {
  const ready = states.filter((s) => s === 'ready').length;
  const total = states.length;
  const started = policy === 'none' || (policy === 'any' ? total === 0 || ready > 0 : ready === total);
  return { ready: started && !draining, policy, draining, upstreams: { ready, total } };
}
