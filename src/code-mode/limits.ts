// Whether code mode is on for a view (gateway settings, overridden by the group) and the limits of its runs.
import type { CodeModeOption, GatewayConfig } from '../config/schema.js';

export interface CodeModeLimits {
  // Wall time of one run, waiting on inner calls included.
  timeoutMs: number;
  // The sandbox's heap.
  memoryMb: number;
  // Inner tool calls one run may make (search and describe not counted).
  maxCalls: number;
  // Characters of console output plus the returned value.
  maxOutputChars: number;
}

export const DEFAULT_CODE_MODE_LIMITS: Readonly<CodeModeLimits> = {
  timeoutMs: 30_000,
  memoryMb: 64,
  maxCalls: 50,
  maxOutputChars: 20_000,
};

// The limits for a session of `group`, or undefined when code mode is off for it.
export function codeModeFor(config: GatewayConfig, group: string | undefined): CodeModeLimits | undefined {
  const own = group === undefined ? undefined : config.groups.get(group)?.codeMode;
  const gateway = config.settings.codeMode;
  const chosen = own ?? gateway;
  if (chosen === undefined || chosen === false) return undefined;
  // A group that only says `true` keeps the limits the gateway set.
  return { ...DEFAULT_CODE_MODE_LIMITS, ...limitsOf(gateway), ...limitsOf(own) };
}

// True when some view may serve run_code (the tool is then part of the catalog and hidden where it is off).
export function codeModeAnywhere(config: GatewayConfig): boolean {
  if (isOn(config.settings.codeMode)) return true;
  return [...config.groups.values()].some((g) => isOn(g.codeMode));
}

function isOn(option: CodeModeOption | undefined): boolean {
  return option !== undefined && option !== false;
}

function limitsOf(option: CodeModeOption | undefined): Partial<CodeModeLimits> {
  if (typeof option !== 'object') return {};
  const out: Partial<CodeModeLimits> = {};
  for (const key of ['timeoutMs', 'memoryMb', 'maxCalls', 'maxOutputChars'] as const) {
    const value = option[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
