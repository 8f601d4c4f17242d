// The v2 SDK client (the 2026-07-28 era), loaded on first need: a gateway whose upstreams all speak 2025 never parses
// it, and one that needs it loads it while the upstream's process starts.
import type * as ModernSdkModule from '@modelcontextprotocol/client';

type ModernSdk = typeof ModernSdkModule;

let loading: Promise<ModernSdk> | undefined;
let loaded: ModernSdk | undefined;

export function loadModernSdk(): Promise<ModernSdk> {
  loading ??= import('@modelcontextprotocol/client').then((sdk) => (loaded = sdk));
  return loading;
}

// The SDK when it is loaded already, else undefined (then nothing can have come from it: no SdkError, no transport).
export function loadedModernSdk(): ModernSdk | undefined {
  return loaded;
}

// The SDK for code that runs only after loadModernSdk() settled (a modern transport is built after it).
export function modernSdk(): ModernSdk {
  if (!loaded) throw new Error('the v2 SDK client was used before loadModernSdk() finished');
  return loaded;
}
