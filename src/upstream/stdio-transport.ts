// The stdio process transport lives in transports/stdio-process.ts; re-exported here for the relay and the broker.
export { StdioUpstreamTransport, type ExitInfo, type StdioTransportOptions } from './transports/stdio-process.js';
