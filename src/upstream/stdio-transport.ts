// The stdio process transport lives in transports/stdio-process.ts; re-exported here for the fast call path, which
// reads the transport's pipe (sendRaw, intercept, interceptBytes) and is being moved to src/relay/ separately.
export { StdioUpstreamTransport, type ExitInfo, type StdioTransportOptions } from './transports/stdio-process.js';
