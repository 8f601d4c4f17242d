// The embedding endpoint client against a real local HTTP server: both answer shapes, order by index, and failures.
import { createServer } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createEmbedClient } from '../../../src/catalog/search/embed-client.js';

// Serves one fixed JSON answer (or status) and records each request's body and headers.
async function serve(status: number, answer: unknown) {
  const seen: Array<{ body: unknown; auth: string | undefined }> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.push({ body: JSON.parse(text), auth: req.headers.authorization });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

describe('createEmbedClient', () => {
  it('speaks the OpenAI shape, with the headers, ordering by index', async () => {
    const { url, seen } = await serve(200, { data: [{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0] }] });
    const client = createEmbedClient({ url: `${url}/v1/embeddings`, model: 'm', headers: {}, format: 'openai' }, { authorization: 'Bearer k' });
    expect(await client.embed(['a', 'b'], 5000)).toEqual([[1, 0], [0, 1]]);
    expect(seen).toEqual([{ body: { model: 'm', input: ['a', 'b'] }, auth: 'Bearer k' }]);
  });

  it('speaks the Ollama shape', async () => {
    const { url } = await serve(200, { embeddings: [[0.5, 0.5]] });
    const client = createEmbedClient({ url: `${url}/api/embed`, model: 'm', headers: {}, format: 'ollama' }, {});
    expect(await client.embed(['a'], 5000)).toEqual([[0.5, 0.5]]);
  });

  it('rejects an error status without its body, a wrong shape and a wrong count', async () => {
    const denied = await serve(401, { error: 'bad key sk-123' });
    const config = (url: string) => ({ url, model: 'm', headers: {}, format: 'openai' as const });
    await expect(createEmbedClient(config(denied.url), {}).embed(['a'], 5000)).rejects.toThrow(/^HTTP 401$/);
    const shape = await serve(200, { data: [{ embedding: 'no' }] });
    await expect(createEmbedClient(config(shape.url), {}).embed(['a'], 5000)).rejects.toThrow(/no "embedding" number array/);
    const count = await serve(200, { data: [{ embedding: [1] }] });
    await expect(createEmbedClient(config(count.url), {}).embed(['a', 'b'], 5000)).rejects.toThrow('1 vectors for 2 texts');
  });
});
