// `gw pin`: each tool's pin state against the lock file (pinned / changed / new), and --approve to re-pin after review.
import type { CAC } from 'cac';
import {
  pinState,
  readLock,
  resolveLockFile,
  toolHash,
  updateLock,
  type PinState,
} from '../../plugins/builtin/pin/lock-file.js';
import { parsePinOptions } from '../../plugins/builtin/pin/options.js';
import { builtinPluginName } from '../../plugins/load.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { inspect } from '../inspect.js';
import { note, print, printJson, table } from '../output.js';
import { usageError } from '../usage.js';


interface PinCommandOptions extends GlobalOptions {
  approve?: boolean;
}

interface Row {
  name: string;
  server: string;
  tool: string;
  state: PinState;
  hash: string;
  pinnedHash: string | null;
  approved: boolean;
}

export function registerPin(cli: CAC): void {
  cli
    .command(
      'pin [...names]',
      'Show whether each tool still matches its pinned definition; --approve re-pins changed and new tools',
    )
    .option(
      '--approve',
      'Pin the current definitions of changed and new tools (all, or only the named servers/tools)',
    )
    .option('--json', 'Print JSON')
    .example('gw pin')
    .example('gw pin --approve github')
    .example('gw pin --approve github_create_issue')
    .action(async (names: string[], options: PinCommandOptions) => {
      if (names.length > 0 && !options.approve)
        throw usageError('names are only used with --approve, e.g. `gw pin --approve github`');
      const { config } = await readConfig(options);
      const entry = config.plugins.find((p) => builtinPluginName(p.module) === 'pin');
      const file = resolveLockFile(parsePinOptions(entry?.options).file, config.dir);
      if (!entry)
        note(
          `gw: the pin plugin is not enabled in ${config.path ?? 'this config'}, so pins are not enforced; using ${file}`,
        );
      const run = await inspect(config);
      let rows: Row[];
      try {
        for (const s of run.gateway.statuses())
          if (s.state !== 'ready')
            note(
              `gw: server '${s.name}' is ${s.state}${s.lastError ? ` (${s.lastError})` : ''}; its tools are not shown`,
            );
        const lock = readLock(file);
        rows = run.visibility
          .view()
          .tools.filter((t) => !t.local)
          .map((t) => {
            const hash = toolHash(t.exposed, t.name);
            return {
              name: t.name,
              server: t.server,
              tool: t.tool.name,
              state: pinState(lock, t.name, hash),
              hash,
              pinnedHash: lock.tools[t.name]?.hash ?? null,
              approved: false,
            };
          });
      } finally {
        await run.close();
      }
      if (options.approve) await approve(file, rows, names);

      if (options.json) {
        printJson({ file, tools: rows });
      } else {
        for (const line of table([
          ['NAME', 'SERVER', 'STATE'],
          ...rows.map((r) => [r.name, r.server, r.approved ? `${r.state} -> approved` : r.state]),
        ]))
          print(line);
        print();
        print(summary(rows, file));
      }
      if (rows.some((r) => r.state === 'changed' && !r.approved)) process.exitCode = 1;
    });
}

// Re-pins the selected changed/new tools in one locked write; an unknown name is a usage error.
async function approve(file: string, rows: Row[], names: string[]): Promise<void> {
  for (const n of names) {
    if (!rows.some((r) => r.name === n || r.server === n || r.tool === n)) {
      throw usageError(`'${n}' is neither a server nor a tool in this config (check \`gw tools\`)`);
    }
  }
  const chosen = rows.filter(
    (r) =>
      r.state !== 'pinned' &&
      (names.length === 0 || names.some((n) => r.name === n || r.server === n || r.tool === n)),
  );
  if (chosen.length === 0) return;
  const pinnedAt = new Date().toISOString();
  await updateLock(file, (doc) => {
    for (const r of chosen) doc.tools[r.name] = { hash: r.hash, server: r.server, tool: r.tool, pinnedAt };
  });
  for (const r of chosen) r.approved = true;
}

function summary(rows: Row[], file: string): string {
  const count = (s: PinState) => rows.filter((r) => r.state === s && !r.approved).length;
  const approved = rows.filter((r) => r.approved).length;
  const parts = [
    `${count('pinned')} pinned`,
    `${count('changed')} changed`,
    `${count('new')} new`,
    ...(approved > 0 ? [`${approved} approved now`] : []),
  ];
  const hint =
    count('changed') + count('new') > 0
      ? '; review them, then run `gw pin --approve [SERVER_OR_TOOL...]`'
      : '';
  return `${parts.join(', ')} (${file})${hint}`;
}
