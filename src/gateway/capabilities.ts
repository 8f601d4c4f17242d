// The server capabilities a gateway declares to a client at initialize.
import type { ClientCapabilities, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { offeredExtensions, offeredTasks } from '../server/extensions.js';
import type { ServerView } from '../upstream/pool-api.js';

// With the client known: plus the extensions (MCP Apps, Skills) and tasks the session's member servers may offer.
// (Members are read only then: reading them builds the session's view.)
export function sessionCapabilities(
  client: ClientCapabilities | undefined,
  members: () => readonly ServerView[],
): ServerCapabilities {
  if (!client) return gatewayCapabilities();
  const list = members();
  const extensions = offeredExtensions(list, client);
  const tasks = offeredTasks(list);
  return { ...gatewayCapabilities(), ...(extensions && { extensions }), ...(tasks && { tasks }) };
}

// Everything the gateway can pass through, always. Capabilities are fixed at initialize, while upstreams come and go
// (a live reload adds one, a cache is stale, a lazy server was never started): with no upstream offering prompts,
// prompts/list is simply empty. Resources are always there: the gateway itself serves gateway://status.
function gatewayCapabilities(): ServerCapabilities {
  return {
    tools: { listChanged: true },
    prompts: { listChanged: true },
    resources: { listChanged: true, subscribe: true },
    completions: {},
    logging: {},
  };
}
