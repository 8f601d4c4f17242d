// The audit plugin: one JSON line per tool call (who, what, decision, duration), appended to a file; never fails a call.
import { appendFile, chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from '../../errors.js';
import type { Logger } from '../../log.js';
import { definePluginFactory, type CallCompletedContext } from '../../pipeline/types.js';
import {
  auditFilePath,
  parseAuditOptions,
  type AuditEntry,
  type AuditOptions,
  type ParsedAuditOptions,
} from './audit/options.js';

export type { AuditEntry, AuditOptions } from './audit/options.js';

export default definePluginFactory((options: AuditOptions = {}) => {
  const parsed = parseAuditOptions(options);
  let file: string | undefined;
  let log: Logger | undefined;
  // Appends are chained so lines keep the order of completion and close() can wait for the last one.
  let pending: Promise<void> = Promise.resolve();
  let warned = false;

  const write = (line: string) => {
    pending = pending.then(async () => {
      if (!file) return;
      try {
        // 0600: the log holds every call's arguments.
        await appendFile(file, line, { mode: 0o600 });
      } catch (error) {
        if (!warned) log?.warn(`cannot write the audit log ${file}: ${messageOf(error)}`);
        warned = true;
      }
    });
  };

  return {
    name: 'audit',
    async setup(ctx) {
      log = ctx.log;
      file = auditFilePath(parsed, ctx.configDir, ctx.stateDir);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // A log an earlier version created 0644 is narrowed too.
      await chmod(file, 0o600).catch(() => undefined);
      log.debug(`writing the audit log to ${file}`);
    },
    hooks: {
      callCompleted(ctx) {
        try {
          write(JSON.stringify(toEntry(ctx, parsed)) + '\n');
        } catch (error) {
          log?.warn(`cannot record a call in the audit log: ${messageOf(error)}`);
        }
      },
    },
    async close() {
      await pending;
    },
  };
});

function toEntry(ctx: CallCompletedContext, options: ParsedAuditOptions): AuditEntry {
  return {
    time: new Date().toISOString(),
    session: ctx.session.id,
    group: ctx.group ?? null,
    client: ctx.client.name,
    name: ctx.name,
    server: ctx.server,
    tool: ctx.tool,
    decision: ctx.decision,
    ...(ctx.reason !== undefined && { reason: ctx.reason }),
    durationMs: Math.round(ctx.durationMs),
    isError: ctx.isError,
    ...(options.arguments === 'keys' && { argumentKeys: Object.keys(ctx.arguments) }),
    ...(options.arguments === 'full' && { arguments: ctx.arguments }),
    ...(ctx.session.runId !== undefined && { run: ctx.session.runId }),
  };
}
