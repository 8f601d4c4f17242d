// `npm run conformance`: the MCP conformance suite against our conformance fixture alone, then through `gw serve --http --no-auth`.
// The suite needs Node 22 (fs.globSync); it runs on the `node` package installed in scripts/conformance, never the product.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const TOOLS = path.join(ROOT, 'scripts', 'conformance', 'node_modules');
const NODE22 = path.join(TOOLS, 'node', 'bin', 'node');
const SUITE = path.join(TOOLS, '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'servers', 'conformance.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const scenario = process.argv.slice(2);

if (!existsSync(NODE22) || !existsSync(SUITE)) {
  console.error('conformance: tools missing; run `npm --prefix scripts/conformance install` (npm run conformance does it)');
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'gw-conformance-'));
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

// Starts a process and resolves with the URL it prints on stderr.
function startServer(command, args, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GW_LOG_LEVEL: 'warn' } });
    children.push(child);
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no URL from ${args.join(' ')}:\n${err}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const match = pattern.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${err}`)));
  });
}

// Runs the suite against a URL; returns { scenario: 'pass' | 'fail' } from its summary.
function runSuite(url) {
  return new Promise((resolve) => {
    const child = spawn(NODE22, [SUITE, 'server', '--url', url, ...(process.env.CONFORMANCE_OUT ? ['-o', process.env.CONFORMANCE_OUT] : []), ...(scenario.length > 0 ? ['--scenario', ...scenario] : [])], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', () => {
      const results = {};
      for (const m of out.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gm)) results[m[2]] = m[1] === '✓' ? 'pass' : 'fail';
      if (Object.keys(results).length === 0) console.error(out);
      resolve(results);
    });
  });
}

const alone = await startServer(process.execPath, ['--import', TSX, FIXTURE, '--http', '0'], /listening on (http:\/\/\S+)/);
const baseline = await runSuite(alone);
const config = path.join(work, 'gateway.json');
writeFileSync(config, JSON.stringify({ mcpServers: { conformance: { command: process.execPath, args: ['--import', TSX, FIXTURE], prefix: false } } }, null, 2));
const gw = await startServer(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), 'serve', '--http', '--no-auth', '--port', '0', '--config', config], /listening on (http:\/\/\S+)/);
const gateway = await runSuite(gw);

const names = [...new Set([...Object.keys(baseline), ...Object.keys(gateway)])];
console.log('scenario'.padEnd(36), 'fixture', 'gateway');
for (const n of names) console.log(n.padEnd(36), (baseline[n] ?? '-').padEnd(7), gateway[n] ?? '-');
const count = (r) => Object.values(r).filter((v) => v === 'pass').length;
console.log(`\nfixture alone: ${count(baseline)}/${Object.keys(baseline).length} scenarios pass; through the gateway: ${count(gateway)}/${Object.keys(gateway).length}`);
const regressions = names.filter((n) => baseline[n] === 'pass' && gateway[n] !== 'pass');
if (regressions.length > 0) console.log(`passing alone but not through the gateway: ${regressions.join(', ')}`);
process.exitCode = regressions.length > 0 ? 1 : 0;
