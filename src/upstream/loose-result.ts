// The result schema for forwarded requests: checks only that the result is an object, so large results pass through un-copied.
import { z } from 'zod';

// Upstream results reach the client as they came; the client validates them, so the gateway does not do it twice.
export const LOOSE_RESULT = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null);
