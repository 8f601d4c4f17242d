// The optional gateway_status tool (settings.statusTool): the same report as `gw status`, for debugging from a client.
import type { LocalTool } from '../catalog/catalog.js';
import type { UpstreamStatus } from '../upstream/context.js';

export function createStatusTool(statuses: () => UpstreamStatus[]): LocalTool {
  return {
    definition: {
      name: 'gateway_status',
      description: "Report each upstream server of this gateway: state (starting, ready, restarting, failed), since when, restarts, last error and tool count.",
      inputSchema: { type: 'object', properties: {} },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handler() {
      const servers = statuses().map((s) => ({ ...s, since: new Date(s.since).toISOString() }));
      return { content: [{ type: 'text', text: JSON.stringify({ servers }, null, 2) }], structuredContent: { servers } };
    },
  };
}
