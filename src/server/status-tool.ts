// The optional gateway_status tool (settings.statusTool): the same report as `gw status`, for debugging from a client,
// limited to the servers of the calling session's group.
import type { LocalTool } from '../catalog/catalog.js';
import { toServerReport } from '../status.js';
import type { UpstreamStatus } from '../upstream/context.js';

export function createStatusTool(statuses: (group?: string) => UpstreamStatus[]): LocalTool {
  return {
    definition: {
      name: 'gateway_status',
      description: "Report each upstream server of this gateway: state (starting, ready, restarting, failed, needs-login), since when, restarts, last error and tool count.",
      inputSchema: { type: 'object', properties: {} },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handler(_args, context) {
      const group = context.session.group;
      const servers = statuses(group).map(toServerReport);
      return { content: [{ type: 'text', text: JSON.stringify({ servers }, null, 2) }], structuredContent: { servers } };
    },
  };
}
