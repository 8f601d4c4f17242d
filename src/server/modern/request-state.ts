// Signs and opens the `requestState` a 2026 client carries between the rounds of a request that needs input: an HMAC
// (SHA-256) over the exchange id, the request it is bound to, an expiry and what a re-issue needs (the questions and
// answers so far), under a key the replicas share.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GatewayError } from '../../errors.js';
import type { Answered } from './replay.js';

export interface StatePayload {
  // The pending exchange on the process that started it.
  x: string;
  // A digest of the request the state belongs to (method, name or URI, arguments, route).
  b: string;
  // Expiry, milliseconds since the epoch.
  exp: number;
  // So another replica can re-issue the call: the digest of each question of this round, by its inputRequests key…
  q?: Record<string, string>;
  // …and the questions answered in earlier rounds, with their answers.
  a?: Answered[];
}

export type Opened = { ok: true; payload: StatePayload } | { ok: false; problem: string };

export interface StateSigner {
  sign(payload: StatePayload): string;
  open(state: string, bind: string, now?: number): Opened;
}

// The key: GW_SIGNING_KEY (the key itself), else the file GW_SIGNING_KEY_FILE names, else random for this process
// (then a state opens only on the process that issued it; replicas behind a load balancer must share a key).
export function loadSigningKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.GW_SIGNING_KEY) return Buffer.from(env.GW_SIGNING_KEY, 'utf8');
  const file = env.GW_SIGNING_KEY_FILE;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new GatewayError('USAGE', `GW_SIGNING_KEY_FILE: cannot read ${file} (${(error as Error).message}); point it at a file holding the shared signing key`);
    }
    if (text.length < 16) throw new GatewayError('USAGE', `GW_SIGNING_KEY_FILE: the key in ${file} is shorter than 16 characters; use a long random string`);
    return Buffer.from(text, 'utf8');
  }
  return randomBytes(32);
}

export function createStateSigner(key: Buffer): StateSigner {
  const mac = (body: string) => createHmac('sha256', key).update(`fast-gateway.requestState.v1:${body}`).digest();
  return {
    sign(payload) {
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `v1.${body}.${mac(body).toString('base64url')}`;
    },
    open(state, bind, now = Date.now()) {
      const [version, body, tag] = state.split('.');
      if (version !== 'v1' || !body || !tag) return { ok: false, problem: 'requestState is malformed (it must be sent back exactly as the gateway issued it)' };
      const expected = mac(body);
      const given = Buffer.from(tag, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, problem: 'requestState was not issued by this gateway or was altered (replicas must share GW_SIGNING_KEY)' };
      }
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
      if (payload.b !== bind) return { ok: false, problem: 'requestState belongs to a different request (method, name, arguments or route differ)' };
      if (payload.exp <= now) return { ok: false, problem: `requestState expired at ${new Date(payload.exp).toISOString()}; send the request again without requestState` };
      return { ok: true, payload };
    },
  };
}

// The digest a state is bound to: what the request asks for, without its envelope or its answers.
export function bindingOf(method: string, params: Record<string, unknown> | undefined, scope: string): string {
  const { _meta: _m, inputResponses: _i, requestState: _s, ...rest } = params ?? {};
  return createHash('sha256').update(JSON.stringify([scope, method, rest])).digest('base64url').slice(0, 22);
}
