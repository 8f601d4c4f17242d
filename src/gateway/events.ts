// The gateway's event bus: list changes, status changes and upstream notifications, fanned out to every subscriber.
import type { Notification } from '@modelcontextprotocol/sdk/types.js';

// The lists a session re-announces with notifications/<kind>/list_changed.
export type ListEvent = 'tools' | 'prompts' | 'resources';

export type GatewayEvent =
  { type: ListEvent | 'status' } | { type: 'notification'; server: string; notification: Notification };

export type GatewayListener = (event: GatewayEvent) => void;

export interface EventBus {
  emit(event: GatewayEvent): void;
  // Returns the function that removes the listener.
  subscribe(listener: GatewayListener): () => void;
  // Drops every listener (the gateway is closing).
  clear(): void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<GatewayListener>();
  return {
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      listeners.clear();
    },
  };
}
