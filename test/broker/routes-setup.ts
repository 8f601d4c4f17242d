// A shared upstream's routes with what the upstream was sent recorded, and sessions that record what they got.
import { createRoutes, type Member, type Rpc } from '../../src/broker/routes.js';

export function routesWithMembers(server = 'one') {
  const upstream: Rpc[] = [];
  const routes = createRoutes(server, (m) => upstream.push(m));
  const member = (session: string) => {
    const got: Rpc[] = [];
    const m: Member & { got: Rpc[] } = {
      session,
      got,
      send: (x) => got.push(x),
      // Spliced lines are read back as the session would read them.
      sendRaw: (...chunks) =>
        got.push(JSON.parse(Buffer.concat(chunks.map((c) => Buffer.from(c))).toString())),
      close: () => undefined,
    };
    routes.members.add(m);
    return m;
  };
  return { routes, upstream, member };
}
