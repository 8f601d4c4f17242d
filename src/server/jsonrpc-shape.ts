// Tells a JSON-RPC 2.0 message (request, notification or response) apart from other JSON a client may send on a line.

export type MessageShape = { ok: true } | { ok: false; id: string | number | null; problem: string };

// Checks the envelope only (the SDK validates params of what it handles). Arrays are refused: MCP has no batches.
export function checkMessageShape(value: unknown): MessageShape {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'an array (batches are not supported)' : value === null ? 'null' : `a ${typeof value}`;
    return { ok: false, id: null, problem: `expected a JSON-RPC message object, got ${what}` };
  }
  const m = value as Record<string, unknown>;
  const id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null;
  const fail = (problem: string): MessageShape => ({ ok: false, id, problem });
  if (m.jsonrpc !== '2.0') return fail('"jsonrpc" must be "2.0"');
  if ('id' in m && m.id !== null && id === null) return fail('"id" must be a string or a number');
  if ('method' in m) return typeof m.method === 'string' ? { ok: true } : fail('"method" must be a string');
  if ('result' in m || 'error' in m) return 'id' in m ? { ok: true } : fail('a response needs an "id"');
  return fail('a message needs a "method" (request or notification) or a "result"/"error" (response)');
}
