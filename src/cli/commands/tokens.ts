// `gw tokens`: what the tool listing costs a model in tokens, per server and per tool, in both modes; --check enforces tokenBudget.
import type { CAC } from 'cac';
import { createPolicy } from '../../catalog/rules.js';
import { TOKENIZER_NAME } from '../../catalog/tokens.js';
import { readConfig, type GlobalOptions } from '../config-file.js';
import { inspect } from '../inspect.js';
import { print, printJson, table } from '../output.js';
import { baselinePath, loadBaseline, saveBaseline } from '../token-baseline.js';
import { checkBudgets, describeVerdict, measureBaseline, measureScope, type ListMode, type ScopeTokens } from '../token-report.js';
import { usageError } from '../usage.js';

interface TokensOptions extends GlobalOptions {
  group?: string;
  mode?: string;
  check?: boolean;
  saveBaseline?: boolean;
}

export function registerTokens(cli: CAC): void {
  cli
    .command('tokens', 'Show what the tool listing costs in tokens, per server and tool; --check exits 1 over tokenBudget')
    .option('--group <name>', 'Only what this group exposes')
    .option('--mode <mode>', 'all or search (default: both)')
    .option('--check', 'Exit 1 when a listing is over its tokenBudget (the gateway\'s or a group\'s), naming the servers that grew since the baseline (else the largest)')
    .option('--save-baseline', `Save what each server costs now to ${'gateway.tokens.json'} beside gateway.json (commit it; --check compares with it)`)
    .option('--json', 'Print JSON (with the listing each count is of)')
    .example('gw tokens --group dev')
    .example('gw tokens --check')
    .example('gw tokens --save-baseline')
    .action(async (options: TokensOptions) => {
      const modes = parseModes(options.mode);
      const { config, located } = await readConfig(options);
      const baselineFile = baselinePath(located.path);
      if (options.group !== undefined) createPolicy(config, options.group);
      const run = await inspect(config, options.group !== undefined ? { group: options.group } : {});
      try {
        if (options.saveBaseline) {
          const baseline = await measureBaseline(run, config, options.group, TOKENIZER_NAME);
          // Saving one group's baseline keeps the other scopes already saved.
          const previous = options.group !== undefined ? await loadBaseline(baselineFile) : undefined;
          await saveBaseline(baselineFile, { ...baseline, scopes: { ...previous?.scopes, ...baseline.scopes } });
          if (options.json) printJson({ file: baselineFile, ...baseline });
          else print(`saved the token baseline of ${Object.keys(baseline.scopes).length} listing(s) to ${baselineFile}`);
          return;
        }
        if (options.check) {
          const baseline = await loadBaseline(baselineFile);
          const verdicts = await checkBudgets(run, config, options.group, baseline);
          if (options.json) printJson({ tokenizer: TOKENIZER_NAME, ok: !verdicts.some((v) => v.over), baseline: baseline ? baselineFile : null, budgets: verdicts });
          else if (verdicts.length === 0) print(`no tokenBudget is set (settings.tokenBudget or groups.<name>.tokenBudget) and no baseline saved (gw tokens --save-baseline)`);
          else for (const v of verdicts) print(`${v.over ? 'OVER' : v.grown?.length ? 'grew' : 'ok  '}  ${describeVerdict(v)}`);
          if (verdicts.some((v) => v.over)) process.exitCode = 1;
          return;
        }
        const scopes: ScopeTokens[] = [];
        for (const mode of modes) scopes.push(await measureScope(run, options.group, mode));
        if (options.json) {
          printJson({ tokenizer: TOKENIZER_NAME, group: options.group ?? null, configuredMode: config.settings.tools, modes: scopes });
          return;
        }
        for (const scope of scopes) printScope(scope, config.settings.tools);
        print(`counted with ${TOKENIZER_NAME}; other models' tokenizers count differently: treat these as estimates`);
      } finally {
        await run.close();
      }
    });
}

function parseModes(mode: string | undefined): ListMode[] {
  if (mode === undefined) return ['all', 'search'];
  if (mode === 'all' || mode === 'search') return [mode];
  throw usageError(`--mode must be "all" or "search" (got ${JSON.stringify(mode)})`);
}

function printScope(scope: ScopeTokens, configured: ListMode): void {
  const n = (x: number) => x.toLocaleString('en-US');
  print(`mode "${scope.mode}"${scope.mode === configured ? ' (configured)' : ''}: tools/list ${n(scope.tokens.total)} tokens, ${scope.listing.length} tools`);
  const rows = [['SERVER', 'TOOL', 'TOKENS']];
  for (const s of scope.tokens.servers) {
    rows.push([s.server, '', n(s.tokens)]);
    for (const t of s.tools) rows.push(['', t.name, n(t.tokens)]);
  }
  for (const line of table(rows)) print(`  ${line}`);
  if (scope.tokens.prompts > 0) print(`  prompts/list: ${n(scope.tokens.prompts)} tokens`);
  if (scope.tokens.resources > 0) print(`  resources/list: ${n(scope.tokens.resources)} tokens`);
  if (scope.tokens.resourceTemplates > 0) print(`  resources/templates/list: ${n(scope.tokens.resourceTemplates)} tokens`);
  print();
}
