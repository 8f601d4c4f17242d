// A run's outcome as the tools/call result the model reads: output and value, or the error or limit with partial output.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SandboxOutcome } from './run-types.js';
import { formatScriptError } from './script-errors.js';

export interface RunFacts {
  runId: string;
  calls: number;
}

// Which limit was hit, when one was: `_meta` carries it for programs; the text says it for the model.
export function toCallResult(outcome: SandboxOutcome, facts: RunFacts): CallToolResult {
  const meta = {
    'fast-gateway/run': {
      id: facts.runId,
      calls: facts.calls,
      startMs: Math.round(outcome.startMs * 10) / 10,
      ...(outcome.stopped && { limit: outcome.stopped.reason }),
    },
  };
  const produced = [outcome.output, outcome.result ?? ''].filter((t) => t !== '').join('\n');
  if (outcome.stopped) {
    const what =
      outcome.stopped.reason === 'cancelled'
        ? 'run_code was cancelled'
        : `run_code stopped: ${outcome.stopped.message}`;
    const partial = produced === '' ? ' It produced no output.' : `\nOutput before it stopped:\n${produced}`;
    return { isError: true, content: [{ type: 'text', text: `${what}.${partial}` }], _meta: meta };
  }
  if (outcome.error) {
    const before = outcome.output === '' ? '' : `${outcome.output}\n`;
    return {
      isError: true,
      content: [{ type: 'text', text: `${before}${formatScriptError(outcome.error)}` }],
      _meta: meta,
    };
  }
  return {
    content: [
      {
        type: 'text',
        text: produced === '' ? '(the script returned nothing and printed nothing)' : produced,
      },
    ],
    _meta: meta,
  };
}
