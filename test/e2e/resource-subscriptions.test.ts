// End-to-end: a subscription to a URI no listing names (a dynamic resource) reaches the servers that support
// subscriptions, as the conformance suite's resources-subscribe/-unsubscribe scenarios ask of server-everything.
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { EVERYTHING } from '../helpers/everything.js';
import { fixtureEntry } from '../helpers/gw.js';
import { startGateway, waitFor } from '../helpers/gateway.js';

const everything = EVERYTHING;
const WATCHED = 'test://watched-resource';

describe('resource subscriptions', () => {
  it('routes subscribe and unsubscribe of an unlisted URI to the server that supports subscriptions', async () => {
    const gw = await startGateway({ mcpServers: { everything, fx: fixtureEntry('resources.ts') } });
    const logged: string[] = [];
    gw.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logged.push(String(n.params.data)));
    const { resources } = await gw.client.listResources();
    expect(resources.map((r) => r.uri)).not.toContain(WATCHED);

    await expect(gw.client.subscribeResource({ uri: WATCHED })).resolves.toEqual({});
    // server-everything logs each subscription it receives: the request reached it with the client's URI.
    await waitFor(() => logged.some((l) => l.includes(`Received Subscribe Resource request for URI: ${WATCHED}`)), 20_000);
    await expect(gw.client.unsubscribeResource({ uri: WATCHED })).resolves.toEqual({});
    await waitFor(() => logged.some((l) => l.includes(`Received Unsubscribe Resource request: ${WATCHED}`)), 20_000);
  });

  it('refuses an unlisted URI when no visible server supports subscriptions, naming the URI', async () => {
    const gw = await startGateway({ mcpServers: { fx: fixtureEntry('resources.ts') } });
    await gw.client.listResources();
    await expect(gw.client.subscribeResource({ uri: WATCHED })).rejects.toThrow(`Resource not found: ${WATCHED} (no server of this gateway lists it or supports subscriptions)`);
  });
});
