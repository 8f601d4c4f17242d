// Batch approval for one run: the first inner call of a tool that needs confirmation asks the user once for all the
// calls of that tool the run stated ("this run will call X 3 times: allow?"); the answer then holds for that many calls.
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { SessionInfo } from '../pipeline/types.js';

type ElicitParams = ElicitRequest['params'];
type Verdict = { approved: number } | 'denied';

// Returns, per inner call, the session its hooks see: the run's id, and an elicit() that asks per batch.
export function createBatchApproval(
  runId: string,
  planned: ReadonlyMap<string, number>,
): (tool: string) => (base: SessionInfo) => SessionInfo {
  const verdicts = new Map<string, Promise<Verdict>>();
  const used = new Map<string, number>();

  const ask = async (
    base: SessionInfo,
    tool: string,
    params: ElicitParams,
    options?: { signal?: AbortSignal; timeout?: number },
  ): Promise<Verdict> => {
    const times = planned.get(tool) ?? 1;
    const answer = await base.elicit(batchParams(runId, tool, times, params), options);
    return answer.action === 'accept' && answer.content?.approve === true ? { approved: times } : 'denied';
  };

  return (tool) => (base) => {
    const elicit = async (
      params: ElicitParams,
      options?: { signal?: AbortSignal; timeout?: number },
    ): Promise<ElicitResult> => {
      const yes = yesAnswer(params);
      // A hook asking for more than a yes/no (a reason, a choice) is asked as it is.
      if (!yes) return base.elicit(params, options);
      let verdict = verdicts.get(tool);
      if (!verdict) {
        verdict = ask(base, tool, params, options);
        verdicts.set(tool, verdict);
      }
      const got = await verdict.catch(() => 'denied' as const);
      if (got === 'denied') return { action: 'decline' };
      const count = (used.get(tool) ?? 0) + 1;
      used.set(tool, count);
      // Past the stated number of calls, each further call is asked on its own.
      return count <= got.approved ? { action: 'accept', content: yes } : base.elicit(params, options);
    };
    return Object.assign(Object.create(base) as SessionInfo, { runId, elicit });
  };
}

// Counts `tools.name(` and `tools["name"](` in the script: the number of calls asked for when the run states none.
export function plannedCalls(code: string, stated: Record<string, unknown> | undefined): Map<string, number> {
  const planned = new Map<string, number>();
  for (const match of code.matchAll(
    /\btools\s*(?:\.\s*([A-Za-z0-9_$-]+)|\[\s*(['"`])([A-Za-z0-9_-]+)\2\s*\])/g,
  )) {
    const name = match[1] ?? match[3];
    if (name) planned.set(name, (planned.get(name) ?? 0) + 1);
  }
  for (const [name, times] of Object.entries(stated ?? {})) {
    if (typeof times === 'number' && Number.isInteger(times) && times > 0) planned.set(name, times);
  }
  return planned;
}

// The content that says yes to a yes/no question: every field boolean, all true; undefined for any other form.
function yesAnswer(params: ElicitParams): Record<string, boolean> | undefined {
  const properties = (params as { requestedSchema?: { properties?: Record<string, { type?: unknown }> } })
    .requestedSchema?.properties;
  if (!properties) return undefined;
  const entries = Object.entries(properties);
  if (entries.length === 0 || entries.some(([, p]) => p.type !== 'boolean')) return undefined;
  return Object.fromEntries(entries.map(([key]) => [key, true]));
}

function batchParams(runId: string, tool: string, times: number, first: ElicitParams): ElicitParams {
  const calls = times === 1 ? 'once' : `${times} times`;
  return {
    message:
      `A code-mode run (run_code, run ${runId}) will call '${tool}' ${calls}. Allow ${times === 1 ? 'this call' : 'these calls'}?` +
      `\nThe first call asks:\n${first.message}`,
    requestedSchema: {
      type: 'object',
      properties: {
        approve: {
          type: 'boolean',
          title: `Approve ${calls === 'once' ? 'the call' : `${times} calls`}`,
          description: `Let this run call '${tool}' ${calls}`,
          default: false,
        },
      },
      required: ['approve'],
    },
  };
}
