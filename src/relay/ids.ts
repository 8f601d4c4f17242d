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

// No Map: a long-lived Map that gains and loses a key per call is rehashed every few calls, and V8 links each table it
// outgrew to the next, so one promoted table kept every later one alive through the young generation (each scavenge
// copied megabytes). Calls live in an array instead, at the low bits of their sequence number; the array is kept at
// most half full (a free slot is found in a step or two) and doubles when it would not be.
export function createIdTable<T>(): IdTable<T> {
  let slots: Array<Slot<T> | undefined> = new Array<undefined>(16).fill(undefined);
  let seq = 0;
  let size = 0;
  const slotOf = (upstreamId: string) => {
    const slot = slots[Number(upstreamId.slice(PRIVATE_PREFIX.length)) & (slots.length - 1)];
    return slot?.upstreamId === upstreamId ? slot : undefined;
  };
  // A client's cancel (and a reused id) is looked up by a scan: the calls in flight are few, and cancels rare.
  const slotOfClient = (clientId: JsonId) => {
    if (size === 0) return undefined;
    for (const slot of slots) if (slot?.clientId === clientId) return slot;
    return undefined;
  };
  const grow = () => {
    const next = new Array<Slot<T> | undefined>(slots.length * 2).fill(undefined);
    for (const slot of slots) if (slot) next[slot.seq & (next.length - 1)] = slot;
    slots = next;
  };
  return {
    open(clientId, value) {
      if (slotOfClient(clientId)) return undefined;
      if (size * 2 >= slots.length) grow();
      do seq++;
      while (slots[seq & (slots.length - 1)] !== undefined);
      const upstreamId = `${PRIVATE_PREFIX}${seq}`;
      const slot: Slot<T> = { seq, upstreamId, clientId, value: value(upstreamId) };
      slots[seq & (slots.length - 1)] = slot;
      size++;
      return slot;
    },
    byClient: (clientId) => slotOfClient(clientId)?.value,
    byUpstream: (upstreamId) => slotOf(upstreamId)?.value,
    close(upstreamId) {
      const slot = slotOf(upstreamId);
      if (!slot) return false;
      slots[slot.seq & (slots.length - 1)] = undefined;
      size--;
      return true;
    },
    values: () => slots.flatMap((slot) => (slot ? [slot.value] : [])),
    get size() {
      return size;
    },
  };
}

interface Slot<T> {
  readonly seq: number;
  readonly upstreamId: string;
  readonly clientId: JsonId;
  readonly value: T;
}
