// Unit: where each client keeps its user config on Linux, macOS and Windows.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENTS } from '../../../src/cli/clients/index.js';
import type { ClientEnv } from '../../../src/cli/clients/types.js';

const home = path.join(path.sep, 'h');
const ctx = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): ClientEnv => ({ home, cwd: path.join(path.sep, 'p'), env, platform });
const userFile = (id: string, c: ClientEnv) => path.relative(home, CLIENTS.get(id)?.files(c)[0] ?? '');

describe('client config paths', () => {
  it.each([
    ['claude', '.config/Claude/claude_desktop_config.json', 'Library/Application Support/Claude/claude_desktop_config.json', 'AppData/Roaming/Claude/claude_desktop_config.json'],
    ['vscode', '.config/Code/User/mcp.json', 'Library/Application Support/Code/User/mcp.json', 'AppData/Roaming/Code/User/mcp.json'],
    ['gemini', '.gemini/settings.json', '.gemini/settings.json', '.gemini/settings.json'],
    ['qwen', '.qwen/settings.json', '.qwen/settings.json', '.qwen/settings.json'],
    ['codex', '.codex/config.toml', '.codex/config.toml', '.codex/config.toml'],
    ['opencode', '.config/opencode/opencode.json', '.config/opencode/opencode.json', '.config/opencode/opencode.json'],
    ['windsurf', '.codeium/windsurf/mcp_config.json', '.codeium/windsurf/mcp_config.json', '.codeium/windsurf/mcp_config.json'],
    ['zed', '.config/zed/settings.json', '.config/zed/settings.json', 'AppData/Roaming/Zed/settings.json'],
    ['goose', '.config/goose/config.yaml', '.config/goose/config.yaml', 'AppData/Roaming/Block/goose/config/config.yaml'],
    ['copilot', '.copilot/mcp-config.json', '.copilot/mcp-config.json', '.copilot/mcp-config.json'],
    ['kiro', '.kiro/settings/mcp.json', '.kiro/settings/mcp.json', '.kiro/settings/mcp.json'],
    ['lmstudio', '.lmstudio/mcp.json', '.lmstudio/mcp.json', '.lmstudio/mcp.json'],
  ])('%s: linux %s, macOS %s, Windows %s', (id, linux, mac, win) => {
    expect(userFile(id, ctx('linux'))).toBe(path.normalize(linux));
    expect(userFile(id, ctx('darwin'))).toBe(path.normalize(mac));
    expect(userFile(id, ctx('win32'))).toBe(path.normalize(win));
  });

  it('follows $XDG_CONFIG_HOME, $CODEX_HOME and $COPILOT_HOME', () => {
    const env = { XDG_CONFIG_HOME: path.join(home, 'x'), CODEX_HOME: path.join(home, 'cx'), COPILOT_HOME: path.join(home, 'cp') };
    expect(userFile('opencode', ctx('linux', env))).toBe(path.normalize('x/opencode/opencode.json'));
    expect(userFile('zed', ctx('linux', env))).toBe(path.normalize('x/zed/settings.json'));
    expect(userFile('codex', ctx('linux', env))).toBe(path.normalize('cx/config.toml'));
    expect(userFile('copilot', ctx('linux', env))).toBe(path.normalize('cp/mcp-config.json'));
  });
});
