// The commands that open the gateway once to look at the upstreams (their tools, search, tokens, pins, health), in
// one module for the reason config-commands.ts gives.
export { registerDoctor } from './doctor.js';
export { registerPin } from './pin.js';
export { registerSearch } from './search.js';
export { registerTest } from './test-server.js';
export { registerTokens } from './tokens.js';
export { registerTools } from './tools.js';
