// The SDK Server the gateway serves with: every request handler registered on it reports failures through src/wire.ts,
// so a GatewayError thrown anywhere in a handler reaches the client with its JSON-RPC code (one mapping, one place).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { wireErrors } from '../wire.js';

type Register = Server['setRequestHandler'];

export class WireServer extends Server {
  override setRequestHandler(...[schema, handler]: Parameters<Register>): void {
    super.setRequestHandler(schema, wireErrors(async (...args: Parameters<typeof handler>) => handler(...args)));
  }
}
