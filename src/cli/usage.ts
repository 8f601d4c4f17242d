// Helpers shared by commands: usage errors and typed option access.
import { GatewayError } from '../errors.js';

export function usageError(message: string): GatewayError {
  return new GatewayError('USAGE', message);
}

// cac gives a single value or an array for repeatable options; this always gives an array of strings.
export function toArray(value: unknown): string[] {
  if (value === undefined || value === null || value === false) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
