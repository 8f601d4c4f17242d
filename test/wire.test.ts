import { ErrorCode as Rpc, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../src/errors.js';
import { httpStatus, relayed, toWire, wireErrors, WireError } from '../src/wire.js';

describe('toWire', () => {
  it('maps local codes to JSON-RPC codes and keeps data', () => {
    const wire = toWire(new GatewayError('INVALID_PARAMS', "Invalid arguments for tool 'x': 'a' is required", { data: { field: 'a' } }));
    expect(wire).toMatchObject({ code: Rpc.InvalidParams, message: "Invalid arguments for tool 'x': 'a' is required", data: { field: 'a' } });
    expect(toWire(new GatewayError('NOT_FOUND', 'Resource not found: x://y')).code).toBe(Rpc.InvalidParams);
    expect(toWire(new GatewayError('METHOD_NOT_FOUND', 'no')).code).toBe(Rpc.MethodNotFound);
    expect(toWire(new GatewayError('INVALID_REQUEST', 'no')).code).toBe(Rpc.InvalidRequest);
  });

  it('makes the gateway own faults internal errors with their message', () => {
    expect(toWire(new GatewayError('PLUGIN_FAILED', 'plugin p failed'))).toMatchObject({ code: Rpc.InternalError, message: 'plugin p failed' });
    expect(toWire(new Error('boom'))).toMatchObject({ code: Rpc.InternalError, message: 'boom' });
    expect(toWire('text')).toMatchObject({ code: Rpc.InternalError, message: 'text' });
  });

  it("strips the SDK's doubled prefixes from an upstream's error and keeps its code", () => {
    const upstream = new McpError(-32042, 'MCP error -32042: needs a login', { url: 'x' });
    const wire = toWire(new McpError(upstream.code, upstream.message, upstream.data));
    expect(wire).toMatchObject({ code: -32042, message: 'needs a login', data: { url: 'x' } });
  });

  it('leaves a wire error as it is', () => {
    const wire = new WireError(-32000, 'as is');
    expect(toWire(wire)).toBe(wire);
  });
});

describe('wireErrors and relayed', () => {
  it('rethrow in wire form and pass results through', async () => {
    const handler = wireErrors(async (fail: boolean) => {
      if (fail) throw new GatewayError('TOOL_NOT_FOUND', "Unknown tool: 'x'");
      return 'ok';
    });
    await expect(handler(false)).resolves.toBe('ok');
    await expect(handler(true)).rejects.toMatchObject({ code: Rpc.InvalidParams, message: "Unknown tool: 'x'" });
    await expect(relayed(Promise.reject(new McpError(-32603, 'MCP error -32603: broke')))).rejects.toMatchObject({ code: -32603, message: 'broke' });
  });
});

describe('httpStatus', () => {
  it('maps client mistakes to 4xx and the gateway own faults to 5xx', () => {
    expect(httpStatus('INVALID_BODY')).toBe(400);
    expect(httpStatus('FORBIDDEN')).toBe(403);
    expect(httpStatus('SERVER_NOT_FOUND')).toBe(404);
    expect(httpStatus('ALREADY_EXISTS')).toBe(409);
    expect(httpStatus('BODY_TOO_LARGE')).toBe(413);
    expect(httpStatus('CONFIG_INVALID')).toBe(422);
    expect(httpStatus('CONFIG_WRITE_FAILED')).toBe(503);
    expect(httpStatus('PLUGIN_FAILED')).toBe(500);
  });
});
