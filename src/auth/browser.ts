// Opens a login URL in the user's browser: $BROWSER (split into argv) or the platform opener, never through a shell.
import { execa } from 'execa';
import { GatewayError } from '../errors.js';
import { isAllowedUrl } from './url-policy.js';

export function browserCommand(env: NodeJS.ProcessEnv, platform = process.platform): string[] {
  const custom = env.BROWSER?.trim();
  if (custom) return custom.split(/\s+/);
  if (platform === 'darwin') return ['open'];
  // `start` is a cmd.exe builtin (a shell); the URL protocol handler opens the default browser without one.
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  return ['xdg-open'];
}

// Starts the browser and returns once it was started (the login finishes on the loopback callback).
export async function openBrowser(url: URL, env: NodeJS.ProcessEnv): Promise<void> {
  if (!isAllowedUrl(url)) throw new GatewayError('UPSTREAM_AUTH', `refusing to open ${JSON.stringify(url.href)}: not an https:// URL`);
  const [command, ...args] = browserCommand(env);
  if (!command) return;
  const child = execa(command, [...args, url.href], { shell: false, stdio: 'ignore', detached: true, reject: false, env });
  child.unref();
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error) =>
      reject(new GatewayError('USAGE', `could not start the browser (${command}: ${error.message}); run with --no-browser and open the printed URL`)),
    );
  });
}
