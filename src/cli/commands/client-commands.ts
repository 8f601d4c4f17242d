// The commands that read and write MCP clients' own config files (JSON, JSONC, YAML, TOML), in one module for the
// reason config-commands.ts gives.
export { registerImport } from './import.js';
export { registerInstall } from './install.js';
