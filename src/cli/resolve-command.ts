// Finds a stdio server's command the way spawning it will: relative to its cwd when it has a slash, else on PATH.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export function resolveCommand(command: string, cwd: string, pathEnv: string | undefined): string | undefined {
  if (command.includes('/') || command.includes('\\')) {
    const full = path.resolve(cwd, command);
    return isExecutable(full) ? full : undefined;
  }
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (pathEnv ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const full = path.join(dir, command + ext);
      if (isExecutable(full)) return full;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
