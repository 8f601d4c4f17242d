// The npm package name: what `npx -y <name>` runs and what `gw install --npx` writes (the binary stays `gw`).
export const PACKAGE_NAME = 'fast-mcp-gateway';
