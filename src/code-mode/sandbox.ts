// Runs one script in a fresh QuickJS runtime: host functions in, JSON text across, limits enforced, everything freed.
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten-core';
import { messageOf } from '../errors.js';
import { PRELUDE, PRELUDE_FILE, SCRIPT_FILE } from './prelude.js';
import { newQuickjsInstance } from './quickjs.js';
import { toScriptError } from './script-errors.js';
import {
  RunStopped,
  sleepFor,
  type SandboxHost,
  type SandboxLimits,
  type SandboxOutcome,
  type StopReason,
} from './run-types.js';

// QuickJS's own stack check must trip before the host's (V8's) stack runs out: at 512 KB a deep recursion overflows V8.
const STACK_BYTES = 200 * 1024;

export async function runSandbox(
  js: string,
  host: SandboxHost,
  limits: SandboxLimits,
  signal?: AbortSignal,
): Promise<SandboxOutcome> {
  const started = performance.now();
  const rt = (await newQuickjsInstance(limits.memoryMb)).newRuntime();
  const deadline = Date.now() + limits.timeoutMs;
  rt.setMaxStackSize(STACK_BYTES);
  let output = '';
  let outcome: Omit<SandboxOutcome, 'output' | 'startMs'> | undefined;
  let report: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (report = resolve));
  const end = (what: NonNullable<typeof outcome>) => {
    if (outcome) return;
    outcome = what;
    report();
  };
  const stop = (reason: StopReason, message: string) => end({ stopped: { reason, message } });
  // Interrupts a busy script (QuickJS asks every few thousand instructions): a stopped run or the deadline.
  rt.setInterruptHandler(() => outcome !== undefined || Date.now() > deadline);
  const vm = rt.newContext();
  const pending = new Set<QuickJSDeferredPromise>();
  let disposed = false;

  // A failure of the engine itself (the host's stack exhausted in spite of the limit): the run ends, the gateway goes on.
  const broke = (error: unknown) =>
    end({
      error: {
        name: 'InternalError',
        message: error instanceof RangeError ? 'stack overflow' : messageOf(error),
        frames: [],
      },
    });
  const pump = () => {
    if (disposed) return;
    let jobs;
    try {
      jobs = rt.executePendingJobs();
    } catch (error) {
      return broke(error);
    }
    if (jobs.error) {
      const raw = vm.dump(jobs.error) as Record<string, unknown>;
      jobs.error.dispose();
      fail(raw);
    }
  };
  // An error out of the script: the deadline or the memory limit when that is what it was, else the script's own.
  const fail = (raw: Record<string, unknown>) => {
    if (outcome) return;
    if (Date.now() > deadline || raw.message === 'interrupted')
      return stop('timeout', `the run took longer than ${limits.timeoutMs} ms (timeoutMs)`);
    if (raw.message === 'out of memory')
      return stop('memory', `the run used more than ${limits.memoryMb} MB of memory (memoryMb)`);
    end({ error: toScriptError(raw) });
  };
  const append = (text: string): boolean => {
    const room = limits.maxOutputChars - output.length;
    output += text.length > room ? text.slice(0, Math.max(0, room)) : text;
    if (text.length <= room) return true;
    stop('output', `the run wrote more than ${limits.maxOutputChars} characters (maxOutputChars)`);
    return false;
  };

  const gw = vm.newObject();
  const define = (name: string, fn: (...args: string[]) => QuickJSHandle | undefined) => {
    const handle = vm.newFunction(name, (...args: QuickJSHandle[]) =>
      fn(...args.map((a) => (vm.typeof(a) === 'string' ? vm.getString(a) : ''))),
    );
    vm.setProp(gw, name, handle);
    handle.dispose();
  };
  // A host promise: settled with JSON text later, then the script's pending jobs run.
  const later = (work: () => Promise<string>): QuickJSHandle => {
    const deferred = vm.newPromise();
    pending.add(deferred);
    // A stopped run starts nothing more, even in the instructions it runs before QuickJS interrupts it.
    if (outcome) return deferred.handle;
    work().then(
      (text) => settle(vm, deferred, text),
      (error: unknown) => {
        if (error instanceof RunStopped) stop(error.reason, error.message);
        else settle(vm, deferred, JSON.stringify({ ok: false, error: messageOf(error) }));
      },
    );
    return deferred.handle;
  };
  const settle = (context: QuickJSContext, deferred: QuickJSDeferredPromise, text: string) => {
    if (disposed || outcome || !pending.delete(deferred)) return;
    try {
      const value = context.newString(text);
      deferred.resolve(value);
      value.dispose();
    } catch (error) {
      // Out of memory while handing the answer over: the run ends here rather than in an unhandled rejection.
      return broke(error);
    }
    pump();
  };
  define('call', (name = '', args = '{}') => later(() => host.call(name, args)));
  define('search', (query = '') => later(() => host.search(query)));
  define('describe', (name = '') => later(() => host.describe(name)));
  define('sleep', (ms = '0') => later(() => sleepFor(Number(ms), deadline, signal)));
  define('log', (text = '') => {
    append(output === '' ? text : `\n${text}`);
    return undefined;
  });
  define('done', (text = '') => {
    const room = limits.maxOutputChars - output.length;
    if (text.length <= room) end({ result: text });
    else
      end({
        result: text.slice(0, room),
        stopped: {
          reason: 'output',
          message: `the result is longer than the ${room} characters left of maxOutputChars (${limits.maxOutputChars})`,
        },
      });
    return undefined;
  });
  define('fail', (json = '{}') => {
    fail(JSON.parse(json) as Record<string, unknown>);
    return undefined;
  });
  vm.setProp(vm.global, '__gw', gw);
  gw.dispose();

  const timer = setTimeout(
    () => stop('timeout', `the run took longer than ${limits.timeoutMs} ms (timeoutMs)`),
    limits.timeoutMs,
  );
  const onAbort = () => stop('cancelled', 'the run was cancelled');
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let startMs = 0;
  // The prelude, then the script up to its first await.
  const evaluate = () => {
    const prelude = vm.evalCode(PRELUDE, PRELUDE_FILE);
    startMs = performance.now() - started;
    if (prelude.error) {
      fail(vm.dump(prelude.error) as Record<string, unknown>);
      return prelude.error.dispose();
    }
    prelude.value.dispose();
    const main = vm.evalCode(js, SCRIPT_FILE);
    if (!main.error) return main.value.dispose();
    fail(vm.dump(main.error) as Record<string, unknown>);
    main.error.dispose();
  };
  try {
    try {
      evaluate();
    } catch (error) {
      broke(error);
    }
    pump();
    await reported;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    disposed = true;
    for (const deferred of pending) deferred.dispose();
    try {
      vm.dispose();
      rt.dispose();
    } catch {
      // A runtime stopped mid-allocation may not free cleanly; its instance (and memory) is dropped whole anyway.
    }
  }
  return { output, startMs, ...outcome };
}
