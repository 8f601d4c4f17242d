// A task belongs to the session that created it: over HTTP, another session of the same gateway neither lists nor
// reads nor cancels it by its id.
import path from 'node:path';
import { CallToolResultSchema, CreateTaskResultSchema, GetTaskResultSchema, ListTasksResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/gw.js';
import { toolNames } from '../helpers/gateway.js';
import { startHttpGateway } from '../helpers/http.js';

const everything = {
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
};
const TOOL = 'everything_simulate-research-query';

describe('task isolation', () => {
  it("keeps one session's task invisible to another session", async () => {
    const gw = await startHttpGateway({ mcpServers: { everything } });
    const owner = await gw.connect();
    const other = await gw.connect();
    await toolNames(owner, [TOOL]);
    const created = await owner.request(
      { method: 'tools/call', params: { name: TOOL, arguments: { topic: 'mine' }, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
    );
    const taskId = created.task.taskId;
    expect((await other.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema)).tasks).toEqual([]);
    await expect(other.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema)).rejects.toThrow(/Task not found/);
    await expect(other.request({ method: 'tasks/result', params: { taskId } }, CallToolResultSchema)).rejects.toThrow(/Task not found/);
    await expect(other.request({ method: 'tasks/cancel', params: { taskId } }, GetTaskResultSchema)).rejects.toThrow(/Task not found/);
    expect((await owner.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema)).tasks.map((t) => t.taskId)).toEqual([taskId]);
  });
});
