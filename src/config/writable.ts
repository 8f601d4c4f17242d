// Fails fast, with the reason, when a file cannot be written where it lives: a lock would otherwise be retried for
// seconds as if another process held it, and the message would blame a lock that does not exist.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../errors.js';

// A real write (not access(2), which root passes even where writes fail, as in /sys).
export async function assertWritableDir(file: string): Promise<void> {
  const dir = path.dirname(file);
  const probe = path.join(dir, `.${path.basename(file)}.gw-probe-${process.pid}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
    if (code === 'EEXIST') return;
    throw new GatewayError('CONFIG_WRITE_FAILED', `cannot write ${file}: its directory ${dir} is not writable (${code})`);
  }
  await rm(probe, { force: true });
}
