// The OpenAPI 3.1 description of the admin API, served at /admin/openapi.json; its schemas are generated from zod
// (gateway.json's own schemas for the entries, the reply shapes below), so they cannot drift from what is validated.
import { z } from 'zod';
import { GroupEntrySchema, ServerEntrySchema } from '../config/schema.js';
import { VERSION } from '../version.js';

const ErrorSchema = z.object({ error: z.object({ code: z.string().meta({ examples: ['SERVER_NOT_FOUND'] }), message: z.string() }) });
const ServerSchema = z.object({
  name: z.string(),
  config: ServerEntrySchema,
  status: z.object({ state: z.string(), toolCount: z.number().int(), restarts: z.number().int(), lastError: z.string().optional() }).nullable(),
});
const GroupSchema = z.object({ name: z.string() }).and(GroupEntrySchema);
const TestReportSchema = z.object({
  name: z.string(),
  target: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
  tools: z.number().int().nullable(),
  connectMs: z.number().nullable(),
});
const ToolsSchema = z.object({
  server: z.string(),
  state: z.string(),
  tools: z.array(z.object({ name: z.string(), original: z.string(), description: z.string().optional(), visible: z.boolean() })),
});
const ReloadSchema = z.object({ reloaded: z.literal(true), config: z.string(), servers: z.array(z.object({ name: z.string(), state: z.string() })) });
const SCHEMAS = {
  Error: ErrorSchema,
  ServerEntry: ServerEntrySchema,
  Server: ServerSchema,
  GroupEntry: GroupEntrySchema,
  Group: GroupSchema,
  TestReport: TestReportSchema,
  Tools: ToolsSchema,
  Reload: ReloadSchema,
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const reply = (description: string, schema?: unknown) => (schema ? { description, content: json(schema) } : { description });
const error = (description: string) => reply(description, ref('Error'));
const nameParam = (what: string) => ({ name: 'name', in: 'path', required: true, description: `The ${what} name`, schema: { type: 'string' } });
const body = (schema: unknown, description?: string) => ({ required: true, ...(description && { description }), content: json(schema) });
const COMMON = {
  '401': error('Missing or wrong bearer token'),
  '403': error('Host or Origin not allowed, or a token other than the admin token (the client token, a group token, or none with --no-auth)'),
  '405': error('The method is not allowed on this path; the Allow header lists those that are'),
};
const WRITE = {
  '400': error('Malformed request body'),
  '413': error('The body is over --max-body'),
  '415': error('Body is not JSON'),
  '422': error('The change would make gateway.json invalid; nothing was saved'),
};
const stringList = { type: 'array', items: { type: 'string' } };

// The document, built once per admin app (zod's conversion runs at start, not per request).
export function createOpenApi(): typeof DOCUMENT & { components: { schemas: Record<string, unknown> } } {
  const schemas = Object.fromEntries(Object.entries(SCHEMAS).map(([name, schema]) => [name, toSchema(schema)]));
  return { ...DOCUMENT, components: { ...DOCUMENT.components, schemas } };
}

// JSON Schema 2020-12 (what OpenAPI 3.1 uses) of what a client sends or receives; transforms and defaults show the input side.
function toSchema(schema: z.ZodType): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'fast-gateway admin API',
    version: VERSION,
    description:
      'Manage the upstream servers and groups in the gateway.json a running `gw serve --http --admin` uses. Writes take the same lock and validation as the `gw` CLI and are applied live before the response is sent. ' +
      'Adding or changing a server makes the gateway run a command, so this API is off unless the gateway starts with --admin, and only the admin token (`gw token --admin`) opens it. ' +
      'The other credentials never do: the client token (`gw token`, --token-file, $GW_TOKEN, --token) opens /mcp, every /mcp/g/{group}, the legacy SSE routes and /status; ' +
      'a group token (`gw token --group NAME`) opens only /mcp/g/NAME and /g/NAME/sse; --no-auth opens what the client token opens, never this API. No CORS headers are sent here, even to an origin allowed with --allow-origin.',
  },
  servers: [{ url: '/admin' }],
  security: [{ bearer: [] }],
  paths: {
    '/servers': {
      get: { summary: 'List servers with their live state', responses: { '200': reply('The servers', { type: 'object', properties: { servers: { type: 'array', items: ref('Server') } } }), ...COMMON } },
      post: {
        summary: 'Add a server',
        requestBody: body({ type: 'object', required: ['name', 'config'], properties: { name: { type: 'string' }, config: ref('ServerEntry') } }),
        responses: { '201': reply('Added', ref('Server')), '409': error('A server with that name exists'), ...WRITE, ...COMMON },
      },
    },
    '/servers/{name}': {
      parameters: [nameParam('server')],
      get: { summary: 'Show one server', responses: { '200': reply('The server', ref('Server')), '404': error('No such server'), ...COMMON } },
      patch: {
        summary: 'Change a server (JSON merge patch of its entry; null removes a key)',
        requestBody: body(ref('ServerEntry')),
        responses: { '200': reply('Changed', ref('Server')), '404': error('No such server'), ...WRITE, ...COMMON },
      },
      delete: { summary: 'Remove a server (and its membership in groups)', responses: { '204': reply('Removed'), '404': error('No such server'), ...COMMON } },
    },
    '/servers/{name}/tools': {
      parameters: [nameParam('server')],
      get: {
        summary: "The server's tools, live from the gateway",
        responses: {
          '200': reply('Tools', ref('Tools')),
          '404': error('No such server'),
          ...COMMON,
        },
      },
    },
    '/servers/{name}/test': {
      parameters: [nameParam('server')],
      post: { summary: 'Connect once, handshake and list (like `gw test`)', responses: { '200': reply('The test report; ok tells whether it connected', ref('TestReport')), '404': error('No such server'), ...COMMON } },
    },
    '/groups': {
      get: { summary: 'List groups', responses: { '200': reply('The groups', { type: 'object', properties: { groups: { type: 'array', items: ref('Group') } } }), ...COMMON } },
      post: { summary: 'Create a group', requestBody: body(ref('Group')), responses: { '201': reply('Created', ref('Group')), '409': error('A group with that name exists'), ...WRITE, ...COMMON } },
    },
    '/groups/{name}': {
      parameters: [nameParam('group')],
      get: { summary: 'Show one group', responses: { '200': reply('The group', ref('Group')), '404': error('No such group'), ...COMMON } },
      patch: { summary: 'Change a group (JSON merge patch)', requestBody: body(ref('GroupEntry')), responses: { '200': reply('Changed', ref('Group')), '404': error('No such group'), ...WRITE, ...COMMON } },
      delete: { summary: 'Delete a group', responses: { '204': reply('Deleted'), '404': error('No such group'), ...COMMON } },
    },
    '/groups/{name}/servers': {
      parameters: [nameParam('group')],
      put: {
        summary: "Replace the group's member servers",
        requestBody: body({ oneOf: [stringList, { type: 'object', required: ['servers'], properties: { servers: stringList } }] }),
        responses: { '200': reply('Changed', ref('Group')), '404': error('No such group'), ...WRITE, ...COMMON },
      },
    },
    '/reload': {
      post: {
        summary: 'Re-read gateway.json now and re-announce the tool lists',
        responses: { '200': reply('Reloaded', ref('Reload')), '422': error('The file is invalid; the last good configuration is still served'), ...COMMON },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'The admin token only: printed (and generated on first use, 0600 in the state directory) by `gw token --admin`; `gw token --admin --rotate` replaces it. The client token and group tokens get 403.',
      },
    },
  },
} as const;
