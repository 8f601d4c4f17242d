// The audit plugin's options and where its log file lives (shared with `gw log`).
import path from 'node:path';
import { z } from 'zod';
import { parsePluginOptions } from '../../shared/options.js';

export const AuditOptionsSchema = z.strictObject({
  // The JSON-lines file; relative paths resolve against the config file's directory. Default: <stateDir>/audit.jsonl.
  file: z.string().min(1).optional(),
  // What of the arguments to record: their keys (default), the full values, or nothing.
  arguments: z.enum(['keys', 'full', 'none']).default('keys'),
});
export type AuditOptions = z.input<typeof AuditOptionsSchema>;
export type ParsedAuditOptions = z.infer<typeof AuditOptionsSchema>;

export const AUDIT_FILE_NAME = 'audit.jsonl';

export function parseAuditOptions(options: unknown): ParsedAuditOptions {
  return parsePluginOptions('audit', AuditOptionsSchema, options);
}

export function auditFilePath(options: ParsedAuditOptions, configDir: string, stateDir: string): string {
  return options.file ? path.resolve(configDir, options.file) : path.join(stateDir, AUDIT_FILE_NAME);
}

// One line of the audit log.
export interface AuditEntry {
  time: string;
  session: string;
  group: string | null;
  client: string;
  name: string;
  server: string;
  tool: string;
  decision: 'allowed' | 'denied' | 'failed';
  reason?: string;
  durationMs: number;
  isError: boolean;
  argumentKeys?: string[];
  arguments?: Record<string, unknown>;
  // The code-mode run (run_code) that made this call.
  run?: string;
}
