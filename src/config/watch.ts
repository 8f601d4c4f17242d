// Watches gateway.json for live reload: watches the directory (an atomic rename replaces the file), debounces, skips unchanged text.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { readConfigText } from './file-io.js';

export interface ConfigWatcher {
  close(): void;
}

export interface WatchOptions {
  debounceMs?: number;
  // The text already loaded, so the first event with the same content is ignored.
  initialText?: string;
  onText: (text: string) => void;
  onError?: (error: Error) => void;
}

export function watchConfig(file: string, options: WatchOptions): ConfigWatcher {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let last = options.initialText;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const check = () => {
    timer = undefined;
    let text: string | null;
    try {
      // Never opens a FIFO or device put in the file's place (that read would never return).
      text = readConfigText(file);
    } catch (error) {
      options.onError?.(error as Error);
      return;
    }
    // Mid-rename or deleted: the next event (or none) decides; a deleted file keeps the last good config.
    if (text === null) return;
    if (closed || text === last) return;
    last = text;
    options.onText(text);
  };

  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name !== null && name !== base && !name.startsWith(`${base}.`)) return;
      clearTimeout(timer);
      timer = setTimeout(check, options.debounceMs ?? 150);
    });
    watcher.on('error', (error) => options.onError?.(error));
  } catch (error) {
    options.onError?.(error as Error);
    return { close() {} };
  }
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
