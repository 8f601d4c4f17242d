// Every MCP client `gw install` and `gw import` know, by the name used on the command line.
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { gemini } from './gemini.js';
import { goose } from './goose.js';
import { kiro } from './kiro.js';
import { lmstudio } from './lmstudio.js';
import { opencode } from './opencode.js';
import { qwen } from './qwen.js';
import type { ClientDef, ClientEnv } from './types.js';
import { vscode } from './vscode.js';
import { windsurf } from './windsurf.js';
import { zed } from './zed.js';
import os from 'node:os';

export const CLIENTS: ReadonlyMap<string, ClientDef> = new Map(
  [claudeDesktop, claudeCode, cursor, vscode, gemini, codex, qwen, opencode, windsurf, zed, goose, copilot, kiro, lmstudio].map(
    (client) => [client.id, client],
  ),
);

export const CLIENT_IDS: readonly string[] = [...CLIENTS.keys()];

export function getClient(id: string): ClientDef | undefined {
  return CLIENTS.get(id);
}

// This machine's home, working directory, environment and OS.
export function currentEnv(): ClientEnv {
  return { home: os.homedir(), cwd: process.cwd(), env: process.env, platform: process.platform };
}
