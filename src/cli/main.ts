#!/usr/bin/env node
// The gw entry point and the CLI's only catch-all error boundary: known errors print `gw: message` and exit 1, usage errors exit 2.
import { cac } from 'cac';
import { GatewayError, messageOf } from '../errors.js';
import { note } from './output.js';
import { commandWord, registerCommands } from './commands/index.js';
import { keepOptionValuesAsText } from './raw-options.js';
import { VERSION } from '../version.js';

const cli = cac('gw');
keepOptionValuesAsText(cli);
cli.option('--config <path>', 'Path to gateway.json (default: $GW_CONFIG, ./gateway.json, ~/.config/fast-gateway/gateway.json)');
cli.option('--debug', 'Print stack traces on errors');
// cac prints "(default: true)" after negated flags (--no-watch), which reads as if they were on by default.
cli.help((sections) => sections.map((s) => ({ ...s, body: s.body.replace(/^(\s*--no-[^\n]*?)\s*\(default: true\)/gm, '$1') })));
cli.version(VERSION);

async function main(): Promise<void> {
  const debug = process.argv.includes('--debug');
  try {
    // Only the command being run is loaded (every one for the help listing); `gw --version` loads none.
    const args = process.argv.slice(2);
    const word = commandWord(args);
    const asks = (...flags: string[]) => args.some((arg) => flags.includes(arg));
    if (word !== undefined || !asks('-v', '--version') || asks('-h', '--help')) await registerCommands(cli, word);
    cli.parse(process.argv, { run: false });
    if (!cli.matchedCommand) {
      if (cli.args.length > 0) throw new UsageError(`unknown command '${cli.args[0]}'. Run \`gw --help\` for the list.`);
      if (!cli.options.help && !cli.options.version) cli.outputHelp();
      return;
    }
    // `gw list | head -1`: the reader went away; that is not an error. (Not for serve, whose shutdown handles it.)
    if (cli.matchedCommandName !== 'serve') {
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0);
        throw error;
      });
    }
    await cli.runMatchedCommand();
  } catch (error) {
    if (debug && error instanceof Error) note(error.stack ?? error.message);
    if (error instanceof GatewayError && error.code === 'USAGE') {
      note(`gw: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof GatewayError) {
      note(`gw: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof Error && error.name === 'CACError') {
      note(`gw: ${error.message}. Run \`gw ${cli.matchedCommandName ?? ''} --help\` for usage.`.replace('  ', ' '));
      process.exitCode = 2;
    } else {
      note(`gw: ${messageOf(error)}${debug ? '' : ' (run with --debug for details)'}`);
      process.exitCode = 1;
    }
  }
}

class UsageError extends GatewayError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

await main();
