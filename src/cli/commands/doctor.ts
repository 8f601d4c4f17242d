// `gw doctor`: validates the config, resolves commands and ${VAR}s as the gateway would, probes every enabled upstream, and says how to fix what it finds.
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CAC } from 'cac';
import { enterGatewayChain, launchesGateway } from '../gateway-chain.js';
import { missingVariables } from '../../config/expand.js';
import { loadConfig } from '../../config/load.js';
import type { ServerConfig } from '../../config/schema.js';
import { messageOf } from '../../errors.js';
import { loadPlugins } from '../../plugins/load.js';
import type { GlobalOptions } from '../config-file.js';
import { inspect } from '../inspect.js';
import { note, print, printJson, plural } from '../output.js';
import { resolveCommand } from '../resolve-command.js';
import { baselinePath, loadBaseline } from '../token-baseline.js';
import { budgetScopes, checkBudgets, describeVerdict } from '../token-report.js';
import { protocolLabel } from './tools.js';

interface Finding {
  level: 'ok' | 'problem' | 'warning';
  subject: string;
  message: string;
  fix?: string;
}

export function registerDoctor(cli: CAC): void {
  cli
    .command('doctor', 'Check the config, commands, ${VAR}s, plugins and every enabled upstream; exit 1 if anything is wrong')
    .option('--json', 'Print JSON')
    .action(async (options: GlobalOptions) => {
      const findings: Finding[] = [];
      let loaded;
      try {
        loaded = await loadConfig(options.config);
        enterGatewayChain(loaded.located.path);
        if (loaded.located.source !== '--config') note(`gw: using ${loaded.located.path} (${loaded.located.source})`);
        findings.push({ level: 'ok', subject: 'config', message: `${loaded.located.path} is valid` });
      } catch (error) {
        findings.push({ level: 'problem', subject: 'config', message: messageOf(error), fix: 'fix the file as described, then run `gw doctor` again' });
      }
      if (loaded) {
        const { config } = loaded;
        const staticProblems = new Set<string>();
        for (const server of config.servers.filter((s) => s.enabled)) {
          const found = staticChecks(server);
          if (found.some((f) => f.level === 'problem')) staticProblems.add(server.name);
          findings.push(...found);
        }
        let pluginsLoad = true;
        try {
          await loadPlugins(config.plugins);
          if (config.plugins.length > 0) findings.push({ level: 'ok', subject: 'plugins', message: `${config.plugins.length} plugins load` });
        } catch (error) {
          pluginsLoad = false;
          findings.push({ level: 'problem', subject: 'plugins', message: messageOf(error), fix: 'fix the module path or the plugin, or remove it from "plugins"' });
        }
        // The servers are still checked when a plugin does not load, without the plugins.
        const run = await inspect(pluginsLoad ? config : { ...config, plugins: [] });
        try {
          for (const s of run.gateway.statuses()) {
            // Reported once: a server whose command or ${VAR} is already a finding fails to connect for that reason.
            if (s.state !== 'ready' && staticProblems.has(s.name)) continue;
            findings.push(
              s.state === 'ready'
                ? { level: 'ok', subject: s.name, message: `connected${s.protocol ? ` over ${protocolLabel(s.protocol)}` : ''}, ${plural(s.toolCount, 'tool')}` }
                : s.state === 'needs-login'
                  ? { level: 'problem', subject: s.name, message: s.lastError ?? 'needs an OAuth login', fix: `run \`gw auth login ${s.name}\`` }
                  : { level: 'problem', subject: s.name, message: s.lastError ?? s.state, fix: `see \`gw test ${s.name}\`; fix the entry or \`gw disable ${s.name}\`` },
            );
          }
          for (const w of run.gateway.view().catalog.warnings) findings.push({ level: 'warning', subject: 'names', message: w });
          // The tokenizer is loaded only when a budget or a baseline is set.
          const baseline = await loadBaseline(baselinePath(loaded.located.path)).catch((error: unknown) => {
            findings.push({ level: 'warning', subject: 'tokens', message: messageOf(error) });
            return undefined;
          });
          if (budgetScopes(config, undefined).length > 0 || baseline) {
            for (const v of await checkBudgets(run, config, undefined, baseline)) {
              if (v.over || v.grown?.length) findings.push({ level: 'warning', subject: 'tokens', message: describeVerdict(v), fix: v.over ? 'deny or hide tools, trim descriptions with "tools" overrides, or use settings.tools "search"' : 'review what the servers added; run `gw tokens --save-baseline` to accept it' });
            }
          }
        } finally {
          await run.close();
        }
      }
      const problems = findings.filter((f) => f.level === 'problem').length;
      if (options.json) printJson({ ok: problems === 0, findings });
      else {
        for (const f of findings) {
          print(`${f.level === 'ok' ? 'ok     ' : f.level === 'warning' ? 'warning' : 'PROBLEM'}  ${f.subject}: ${f.message}`);
          if (f.fix) print(`         fix: ${f.fix}`);
        }
        print(problems === 0 ? 'no problems found' : `${problems} problem${problems === 1 ? '' : 's'} found`);
      }
      if (problems > 0) process.exitCode = 1;
    });
}

// What can be checked without connecting: the command exists, every ${VAR} resolves.
function staticChecks(server: ServerConfig): Finding[] {
  const out: Finding[] = [];
  const strings = server.kind === 'stdio' ? [server.command, ...server.args, ...Object.values(server.env)] : [server.url, ...Object.values(server.headers)];
  for (const name of missingVariables(strings, process.env)) {
    out.push({ level: 'problem', subject: server.name, message: `uses \${${name}}, which is not set`, fix: `export ${name}=… before starting the client, or write \${${name}:-default}` });
  }
  if (server.kind === 'stdio' && launchesGateway({ command: server.command, args: server.args })) {
    out.push({
      level: 'warning',
      subject: server.name,
      message: 'runs fast-gateway itself: a gateway inside the gateway (one that serves this same gateway.json refuses to start)',
      fix: `remove it with \`gw remove ${server.name}\` unless it serves another gateway.json on purpose`,
    });
  }
  if (server.kind === 'stdio' && !server.command.includes('${')) {
    const env = server.inheritEnv ? process.env : { ...getDefaultEnvironment(), ...server.env };
    if (!resolveCommand(server.command, server.cwd, env.PATH)) {
      out.push({ level: 'problem', subject: server.name, message: `command not found: ${server.command} (PATH=${env.PATH ?? ''}, cwd ${server.cwd})`, fix: 'install it, use an absolute path, or fix "command"' });
    }
  }
  return out;
}
