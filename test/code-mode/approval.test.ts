// Unit tests for batch approval: one question per tool for the stated number of calls, its answer reused, then asked again.
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createBatchApproval, plannedCalls } from '../../src/code-mode/approval.js';
import type { SessionInfo } from '../../src/pipeline/types.js';

const YES_NO = {
  type: 'object' as const,
  properties: { approve: { type: 'boolean' as const } },
  required: ['approve'],
};
const confirmParams = (name: string): ElicitRequest['params'] => ({
  message: `Allow the tool call '${name}'?`,
  requestedSchema: YES_NO,
});

function session(answers: ElicitResult[]) {
  const asked: string[] = [];
  const base: SessionInfo = {
    id: 's1',
    group: undefined,
    client: { name: 'c', version: '1' },
    capabilities: { elicitation: {} },
    async elicit(params) {
      asked.push(params.message);
      return answers.shift() ?? { action: 'decline' };
    },
  };
  return { base, asked };
}

describe('createBatchApproval', () => {
  it('asks once for the stated calls of a tool, answers the rest itself, then asks per call past the count', async () => {
    const { base, asked } = session([
      { action: 'accept', content: { approve: true } },
      { action: 'accept', content: { approve: true } },
    ]);
    const forTool = createBatchApproval('run1', new Map([['fx_add', 2]]));
    const wrapped = forTool('fx_add')(base);
    expect(wrapped.runId).toBe('run1');
    expect(wrapped.id).toBe('s1');
    const answers = await Promise.all([
      wrapped.elicit(confirmParams('fx_add')),
      wrapped.elicit(confirmParams('fx_add')),
    ]);
    expect(answers).toEqual([
      { action: 'accept', content: { approve: true } },
      { action: 'accept', content: { approve: true } },
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("run run1) will call 'fx_add' 2 times");
    expect(asked[0]).toContain("Allow the tool call 'fx_add'?");
    await wrapped.elicit(confirmParams('fx_add'));
    expect(asked[1]).toBe("Allow the tool call 'fx_add'?");
  });

  it('declines every call of a tool once the user said no, without asking again', async () => {
    const { base, asked } = session([{ action: 'decline' }]);
    const forTool = createBatchApproval('run2', new Map());
    expect(await forTool('fx_rm')(base).elicit(confirmParams('fx_rm'))).toEqual({ action: 'decline' });
    expect(await forTool('fx_rm')(base).elicit(confirmParams('fx_rm'))).toEqual({ action: 'decline' });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("will call 'fx_rm' once");
  });

  it('passes on a question that is not a yes/no form unchanged', async () => {
    const { base, asked } = session([{ action: 'accept', content: { reason: 'x' } }]);
    const params: ElicitRequest['params'] = {
      message: 'Why?',
      requestedSchema: { type: 'object', properties: { reason: { type: 'string' } } },
    };
    expect(await createBatchApproval('r', new Map())('t')(base).elicit(params)).toEqual({
      action: 'accept',
      content: { reason: 'x' },
    });
    expect(asked).toEqual(['Why?']);
  });
});

describe('plannedCalls', () => {
  it('counts tools.<name> and tools["name"] in the script; a stated plan wins', () => {
    const code =
      "await tools.a_b({});\nfor (;;) await tools['a_b']({});\nawait tools.c_d({}); tools.search('x')";
    expect(plannedCalls(code, undefined)).toEqual(
      new Map([
        ['a_b', 2],
        ['c_d', 1],
        ['search', 1],
      ]),
    );
    expect(plannedCalls(code, { a_b: 5, bad: -1, worse: 'x' }).get('a_b')).toBe(5);
    expect(plannedCalls(code, { bad: -1 }).has('bad')).toBe(false);
  });
});
