// Every route says what it answers: the OpenAPI document (and the typed client generated from
// it) has a response schema for each route's success, JSON or a file.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, startIdp, startService, type Service } from './helpers.ts';

let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

it('declares a response schema for the success of every route', async () => {
  const document = (await client(service).get('/openapi.json')).body as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>> };
  const missing: string[] = [];
  let routes = 0;
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || ['/healthz', '/readyz', '/openapi.json'].includes(path) || path.startsWith('/docs')) continue;
      routes++;
      const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith('2'));
      const schemas = Object.values(success?.[1].content ?? {}).filter((c) => c.schema);
      if (!schemas.length) missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  expect(routes).toBeGreaterThan(60);
  expect(missing).toEqual([]);
});
