// The pin plugin: hashes each tool's definition into a lock file and blocks (or reports) tools whose definition changed.
import { watch } from 'node:fs';
import path from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { withHints } from '../../catalog/client-hints.js';
import { messageOf } from '../../errors.js';
import type { Logger } from '../../log.js';
import { definePluginFactory } from '../../pipeline/types.js';
import {
  createLockReader,
  pinState,
  resolveLockFile,
  toolHash,
  updateLock,
  emptyLock,
  type LockDoc,
  type PinState,
} from './pin/lock-file.js';
import { parsePinOptions, type PinOptions } from './pin/options.js';
import { nameMatcher } from '../shared/globs.js';

export type { PinOptions } from './pin/options.js';

// Calls `changed` (debounced) when the lock file is replaced; the directory is watched since writes rename over it.
function watchLockFile(file: string, changed: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  try {
    const watcher = watch(path.dirname(file), { persistent: false }, (_event, name) => {
      if (name !== null && name !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(changed, 100);
    });
    watcher.on('error', () => undefined);
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  } catch {
    return () => {};
  }
}

interface NewPin {
  name: string;
  hash: string;
  server?: string;
  tool?: string;
}

export default definePluginFactory((options: PinOptions = {}) => {
  const parsed = parsePinOptions(options);
  const keepLoaded = typeof parsed.alwaysLoad === 'boolean' ? () => parsed.alwaysLoad === true : nameMatcher(parsed.alwaysLoad);
  // A pinned tool the options name is kept loaded by clients that defer tools (one place maps hints: client-hints.ts).
  const pinned = (tool: Tool): Tool => (keepLoaded(tool.name) ? withHints(tool, { alwaysLoad: true }) : tool);
  let file = '';
  let read: () => LockDoc = emptyLock;
  let log: Logger | undefined;
  const reported = new Set<string>();
  // Writes from this process are chained, so two listings never race each other for the lock.
  let writing: Promise<void> = Promise.resolve();
  let unwatch = () => {};
  let lastOwnWrite = 0;

  const pinNew = async (pins: NewPin[]) => {
    if (pins.length === 0) return;
    const pinnedAt = new Date().toISOString();
    lastOwnWrite = Date.now();
    writing = writing
      .then(() =>
        updateLock(file, (doc) => {
          for (const p of pins) {
            doc.tools[p.name] ??= {
              hash: p.hash,
              ...(p.server !== undefined && { server: p.server, tool: p.tool }),
              pinnedAt,
            };
          }
        }),
      )
      .then(
        () => {
          lastOwnWrite = Date.now();
          log?.info(`pinned ${pins.map((p) => p.name).join(', ')} in ${file}`);
        },
        (error: unknown) => log?.warn(`cannot write pins to ${file}: ${messageOf(error)}`),
      );
    await writing;
  };
  const report = (name: string, state: PinState) => {
    if (reported.has(`${name}:${state}`)) return;
    reported.add(`${name}:${state}`);
    log?.warn(
      `tool '${name}' ${state === 'changed' ? 'changed its definition since it was pinned' : 'is not pinned yet'} (${file})`,
    );
  };

  return {
    name: 'pin',
    setup(ctx) {
      log = ctx.log;
      file = resolveLockFile(parsed.file, ctx.configDir);
      read = createLockReader(file);
      read(); // an unreadable lock file stops startup with its path, rather than failing every call
      // After `gw pin --approve`, listings drop their [blocked by pin] marks without waiting for another change.
      unwatch = watchLockFile(file, () => {
        // Our own first-use pins change nothing a client sees.
        if (Date.now() - lastOwnWrite < 1000) return;
        reported.clear();
        ctx.notifyListChanged();
      });
    },
    hooks: {
      async preListTools(ctx) {
        const doc = read();
        const fresh: NewPin[] = [];
        const tools = ctx.tools.map((tool): Tool => {
          const hash = toolHash(tool, tool.name);
          const state = pinState(doc, tool.name, hash);
          if (state === 'pinned') return pinned(tool);
          if (state === 'new' && parsed.trustOnFirstUse) {
            fresh.push({ name: tool.name, hash });
            return pinned(tool);
          }
          report(tool.name, state);
          return parsed.mode === 'block'
            ? {
                ...tool,
                description: `[blocked by pin: ${state === 'changed' ? 'definition changed' : 'not approved yet'}; run \`gw pin --approve ${tool.name}\`] ${tool.description ?? ''}`,
              }
            : tool;
        });
        await pinNew(fresh);
        return tools;
      },
      async preToolCall(ctx) {
        const hash = toolHash(ctx.definition, ctx.name);
        const state = pinState(read(), ctx.name, hash);
        if (state === 'pinned') return undefined;
        if (state === 'new' && parsed.trustOnFirstUse) {
          await pinNew([{ name: ctx.name, hash, server: ctx.server, tool: ctx.tool }]);
          return undefined;
        }
        report(ctx.name, state);
        if (parsed.mode === 'report') return undefined;
        const what =
          state === 'changed'
            ? 'its definition changed since it was pinned (the server may have changed what the tool does or says)'
            : 'it is new and has not been approved yet (trustOnFirstUse is off)';
        return {
          decision: 'deny',
          reason:
            `Tool '${ctx.name}' is blocked by the pin plugin: ${what}. Review it with \`gw pin\`, then run ` +
            `\`gw pin --approve ${ctx.name}\` (or \`gw pin --approve ${ctx.server}\` for every tool of server '${ctx.server}') to allow it.`,
        };
      },
    },
    async close() {
      unwatch();
      await writing;
    },
  };
});
