// The relay's id table: each call it takes gets a private upstream id, mapped both ways to the client's request id;
// the same private id is the call's progress token upstream, so one lookup serves responses and progress alike.
import type { JsonId } from './splice.js';

// Ids the SDK Client never uses (it counts integers), so the relay and the Client share one pipe without clashing.
export const PRIVATE_PREFIX = 'gw~';

export function isPrivateId(id: unknown): id is string {
  return typeof id === 'string' && id.startsWith(PRIVATE_PREFIX);
}

export interface IdTable<T> {
  // Opens an entry for a client id; undefined when that id is already in flight (a client must not reuse one).
  open(clientId: JsonId, value: (upstreamId: string) => T): { upstreamId: string; value: T } | undefined;
  byClient(clientId: JsonId): T | undefined;
  byUpstream(upstreamId: string): T | undefined;
  // Closes the entry; false when it was closed already (a response after a cancel or a timeout, say).
  close(upstreamId: string): boolean;
  values(): T[];
  readonly size: number;
}

export function createIdTable<T>(): IdTable<T> {
  const up = new Map<string, { clientId: JsonId; value: T }>();
  // Client ids are keyed with their type, so the request ids 1 and "1" stay two calls.
  const down = new Map<string, string>();
  const key = (id: JsonId) => (typeof id === 'number' ? `n${id}` : `s${id}`);
  let seq = 0;
  return {
    open(clientId, value) {
      const k = key(clientId);
      if (down.has(k)) return undefined;
      const upstreamId = `${PRIVATE_PREFIX}${++seq}`;
      const entry = { clientId, value: value(upstreamId) };
      up.set(upstreamId, entry);
      down.set(k, upstreamId);
      return { upstreamId, value: entry.value };
    },
    byClient(clientId) {
      const upstreamId = down.get(key(clientId));
      return upstreamId === undefined ? undefined : up.get(upstreamId)?.value;
    },
    byUpstream: (upstreamId) => up.get(upstreamId)?.value,
    close(upstreamId) {
      const entry = up.get(upstreamId);
      if (!entry) return false;
      up.delete(upstreamId);
      down.delete(key(entry.clientId));
      return true;
    },
    values: () => [...up.values()].map((e) => e.value),
    get size() {
      return up.size;
    },
  };
}
