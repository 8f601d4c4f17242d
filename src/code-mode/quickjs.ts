// QuickJS as WebAssembly (the release build shipped in @jitl/quickjs-wasmfile-release-sync: no native build, no
// download). The wasm is compiled once; each run instantiates it with its own linear memory, capped at the run's
// memory limit (QuickJS's own malloc limit is not enforced in this build), so a run cannot reach another's memory.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as QuickJSCore from 'quickjs-emscripten-core';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';

const PAGE = 64 * 1024;
// The module's static data and stack take the first 16 MB (what its memory import asks for at least).
const INITIAL_PAGES = 256;

type Core = typeof QuickJSCore;
type SyncVariant = Parameters<Core['newVariant']>[0] & { type: 'sync' };
interface Loaded {
  core: Core;
  variant: SyncVariant;
  wasm: object;
}
// Node's WebAssembly global (the project's type libraries declare its types only).
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => object;
  compile(bytes: Uint8Array): Promise<object>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loading: Promise<Loaded> | undefined;
// Emscripten would print an engine abort to the console; stdout is the protocol, and the run reports it anyway.
const SILENT = { print: () => undefined, printErr: () => undefined } as never;

// A fresh QuickJS instance whose whole memory (static data, stack and heap) stays under `memoryMb`.
export async function newQuickjsInstance(memoryMb: number): Promise<QuickJSWASMModule> {
  const { core, variant, wasm } = await loaded();
  const maximum = Math.max(INITIAL_PAGES, Math.floor((memoryMb * 1024 * 1024) / PAGE));
  const wasmMemory = new wasmApi.Memory({ initial: INITIAL_PAGES, maximum });
  return core.newQuickJSWASMModuleFromVariant(
    core.newVariant(variant, {
      wasmModule: wasm as never,
      wasmMemory: wasmMemory as never,
      emscriptenModule: SILENT,
    }),
  );
}

// Loaded on the first run, so a gateway without code mode never reads the wasm.
function loaded(): Promise<Loaded> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<Loaded> {
  const [core, variant] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  const file = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
  const wasm = await wasmApi.compile(await readFile(file));
  return { core, variant: variant.default as unknown as SyncVariant, wasm };
}
