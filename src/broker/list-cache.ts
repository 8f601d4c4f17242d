// The last first-page answer a shared 2025 upstream gave to each list method, kept as sessions' listings pass through
// and dropped on the matching list_changed: a session attaching later gets them in the attach reply, so its first
// listings need no round trip to the upstream.
export const LIST_METHODS = new Map<string, string>([
  ['tools/list', 'notifications/tools/list_changed'],
  ['prompts/list', 'notifications/prompts/list_changed'],
  ['resources/list', 'notifications/resources/list_changed'],
  ['resources/templates/list', 'notifications/resources/list_changed'],
]);

export function createListCache() {
  const results = new Map<string, Record<string, unknown>>();
  // Bumped by each list_changed: an answer to a request sent before the change is not kept.
  const generation = new Map<string, number>();
  const changedBy = (method: string) => LIST_METHODS.get(method) ?? '';

  return {
    // The generation a request for this list starts in, or undefined when its answer is not to be kept (a later page).
    begin(method: string, params: Record<string, unknown> | undefined): number | undefined {
      if (!LIST_METHODS.has(method) || params?.cursor !== undefined) return undefined;
      return generation.get(changedBy(method)) ?? 0;
    },
    store(method: string, result: unknown, since: number): void {
      if ((generation.get(changedBy(method)) ?? 0) !== since || typeof result !== 'object' || result === null)
        return;
      results.set(method, result as Record<string, unknown>);
    },
    // An upstream notification: a list change drops the lists it names.
    changed(notification: string): void {
      if (![...LIST_METHODS.values()].includes(notification)) return;
      generation.set(notification, (generation.get(notification) ?? 0) + 1);
      for (const [method, by] of LIST_METHODS) if (by === notification) results.delete(method);
    },
    snapshot: (): Record<string, Record<string, unknown>> => Object.fromEntries(results),
  };
}
