// A stdio upstream that exits: its stdin closes at once, but its exit is known only once its output is read to the
// end. A message sent in between fails only when the exit is known, so the failure names the exit ("exited with
// code 3: …") and not the closed pipe (a loaded run logged "the stream closed before the message could be written").
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../../src/log.js';
import { isAlive, killTreeSync } from '../../src/upstream/process-tree.js';
import { StdioUpstreamTransport } from '../../src/upstream/transports/stdio-process.js';
import { waitFor } from '../helpers/gateway.js';

// Leaves a grandchild holding its stdout and stderr (so its exit is not known yet), says its pid, and exits with code 3.
const SERVER = [
  "const g = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'inherit'] });",
  "process.stderr.write('holding ' + g.pid + '\\n');",
  'process.exit(3);',
].join('\n');

describe('stdio upstream transport', () => {
  it('fails a message sent after the process exited only once its exit is known', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', format: 'text', write: (line) => void lines.push(line) });
    const transport = new StdioUpstreamTransport({
      server: 'quits',
      command: process.execPath,
      args: ['-e', SERVER],
      env: { PATH: process.env.PATH ?? '' },
      cwd: process.cwd(),
      maxMessageBytes: 1_000_000,
      log,
      display: 'node -e <server>',
    });
    await transport.start();
    const pid = transport.pid as number;
    const holder = Number(await waitFor(() => lines.join('\n').match(/holding (\d+)/)?.[1]));
    onTestFinished(async () => {
      killTreeSync(holder);
      await transport.close();
    });
    await waitFor(() => !isAlive(pid));

    // Sent while the grandchild still holds the output: what the transport knows about the exit when the send fails.
    const failed = transport.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }).then(
      () => 'sent',
      () => transport.exit,
    );
    killTreeSync(holder);
    expect(await failed).toMatchObject({ code: 3, stderrTail: [expect.stringMatching(/^holding \d+$/)] });
  });
});
