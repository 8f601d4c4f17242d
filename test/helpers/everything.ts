// server-everything (a devDependency) as a gateway.json entry, and polling one of its tasks to the end.
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { GetTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { ROOT } from './gw.js';

export const EVERYTHING = {
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
};

// Polls tasks/get until the task is completed, failed or cancelled; resolves with that status.
export async function untilTaskDone(client: Client, taskId: string): Promise<string> {
  for (;;) {
    const task = await client.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema);
    if (['completed', 'failed', 'cancelled'].includes(task.status)) return task.status;
  }
}
