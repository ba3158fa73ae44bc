// The HTTP contract every service inherits: validation both ways, problem+json for every
// failure, OpenAPI, request ids. Real PostgreSQL, real NATS, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../src/testing.ts';
import { CountNotes, notesService } from './fixtures/notes-service.ts';

let service: TestService;

beforeAll(async () => {
  service = await startTestService(notesService, {
    env: { BODY_LIMIT_BYTES: '2048', NOTES_GREETING: 'bonjour' },
    clock: { now: () => new Date('2026-03-05T08:00:00.000Z') },
  });
});
afterAll(() => service?.stop());

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${service.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

describe('routes', () => {
  it('creates and reads a note through validated request and response', async () => {
    const created = await send('POST', '/notes', { title: 'Road repair in 贺街镇', priority: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), title: 'Road repair in 贺街镇', priority: 2, tags: [] });
    const read = await send('GET', `/notes/${created.body?.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('reads service-specific configuration', async () => {
    expect((await send('GET', '/greeting')).body).toEqual({ greeting: 'bonjour' });
  });

  it('tells the time by the injected clock', async () => {
    expect((await send('GET', '/now')).body).toEqual({ now: '2026-03-05T08:00:00.000Z' });
  });

  it('answers request-reply through its responder, over NATS', async () => {
    await send('POST', '/notes', { title: 'urgent', priority: 5 });
    const { count } = (await send('GET', '/count?min=5')).body as { count: number };
    expect(count).toBeGreaterThanOrEqual(1);
    expect(await service.ctx.call(CountNotes, { minPriority: 5 })).toEqual({ count });
  });
});

describe('problem+json', () => {
  it('names every bad field of a request, not just the first', async () => {
    const res = await send('POST', '/notes', { title: '', priority: 9, tags: ['ok', ''], colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:onenet:problem:validation', title: 'Invalid request', status: 400, instance: '/notes' });
    const fields = (res.body?.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['/body/colour', '/body/priority', '/body/tags/1', '/body/title']);
    for (const error of res.body?.errors ?? []) expect(error.message).toEqual(expect.any(String));
    expect(res.body?.detail).toContain('/body/title');
  });

  it('names missing fields and wrongly typed ones, without coercing JSON bodies', async () => {
    const res = await send('POST', '/notes', { priority: '3' });
    expect(res.status).toBe(400);
    expect(res.body?.errors).toEqual(
      expect.arrayContaining([
        { field: '/body/title', message: 'is required' },
        { field: '/body/priority', message: 'must be integer' },
      ]),
    );
  });

  it('names bad path and query parameters', async () => {
    expect((await send('GET', '/notes/not-a-uuid')).body?.errors).toEqual([{ field: '/params/id', message: 'must match format "uuid"' }]);
    const slow = await send('GET', '/slow?ms=abc');
    expect(slow.status).toBe(400);
    expect(slow.body?.errors).toEqual([{ field: '/query/ms', message: 'must be integer' }]);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await send('GET', '/nowhere?x=1');
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'urn:onenet:problem:no-route',
      title: 'Not Found',
      status: 404,
      detail: 'no route GET /nowhere',
      instance: '/nowhere?x=1',
      requestId: expect.any(String),
    });
  });

  it('turns a thrown domain error into its problem, with its extensions', async () => {
    const missing = await send('GET', '/notes/0190f7a0-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'urn:onenet:problem:not-found', detail: 'note 0190f7a0-0000-7000-8000-000000000000 does not exist' });
    const conflict = await send('POST', '/notes/n1/publish');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ type: 'urn:onenet:problem:conflict', title: 'Conflict', status: 409, detail: 'note n1 is already published', state: 'published' });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await send('POST', '/notes', '{"title": "unterminated');
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, detail: 'the request body is not valid JSON' });
  });

  it('answers a body over the limit with 413', async () => {
    const res = await send('POST', '/notes', { title: 'x'.repeat(4000), priority: 1 });
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await send('POST', '/notes', '<note/>', { 'content-type': 'application/xml' });
    expect(res.status).toBe(415);
    expect(res.type).toMatch(/^application\/problem\+json/);
  });

  it('says nothing about a crash beyond a request id, and logs the cause', async () => {
    const res = await send('GET', '/crash');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ type: 'urn:onenet:problem:internal', title: 'Internal Server Error', status: 500, instance: '/crash', requestId: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/secret|10\.0\.0\.7|stack/);
    const logged = service.logs.find((l) => l.request_id === res.body?.requestId && l.level === 'error');
    expect(JSON.stringify(logged)).toContain('password authentication failed');
  });

  it('answers 503 when a service it calls does not answer, naming no internals', async () => {
    const res = await send('GET', '/remote');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 503, detail: 'a service this request depends on is not answering; try again later' });
    expect(JSON.stringify(res.body)).not.toContain('kit-nobody');
  });

  it('answers 503 with Retry-After when the database cancels a query under load, naming no internals', async () => {
    const res = await send('GET', '/overloaded');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({ status: 503, detail: 'the database is busy or unreachable; try again in a moment' });
    expect(JSON.stringify(res.body)).not.toMatch(/statement timeout|pg_sleep/);
  });

  it('refuses a route that needs a role without credentials (401)', async () => {
    const res = await send('GET', '/mine');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: 'urn:onenet:problem:unauthorized', status: 401 });
  });
});

describe('response validation', () => {
  it('answers a response that breaks its schema with a logged 500 that leaks nothing', async () => {
    const res = await send('GET', '/broken');
    expect(res.status).toBe(500);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({ type: 'urn:onenet:problem:internal', title: 'Internal Server Error', status: 500, instance: '/broken', requestId: expect.any(String) });
    const logged = service.logs.find((l) => l.request_id === res.body?.requestId && l.level === 'error') as { err?: { message?: string } } | undefined;
    expect(logged?.err?.message).toContain('response 200 of GET /broken breaks its schema');
    expect(logged?.err?.message).toContain('/priority must be integer');
    expect(logged?.err?.message).toContain('/tags');
  });
});

describe('OpenAPI', () => {
  it('documents every service route with its tags, schemas and problem responses', async () => {
    const res = await send('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'kit-notes', version: '1.0.0' });
    expect(Object.keys(doc.paths).sort()).toEqual(['/broken', '/count', '/crash', '/greeting', '/mine', '/notes', '/notes/{id}', '/notes/{id}/publish', '/now', '/overloaded', '/remote', '/slow']);
    const create = doc.paths['/notes']?.post;
    expect(create.tags).toEqual(['notes']);
    expect(create.summary).toBe('Create a note');
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['title', 'priority']);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '4XX', '5XX']));
    expect(create.responses['4XX'].content['application/problem+json'].schema.properties.errors).toBeDefined();
    // Untagged routes are filed under the service's name.
    expect(doc.paths['/greeting']?.get.tags).toEqual(['kit-notes']);
  });

  it('serves a docs page', async () => {
    const response = await fetch(`${service.url}/docs/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('swagger');
  });
});

describe('request ids', () => {
  it('returns a request id, keeps a sane one from the caller, and logs one line per request with it', async () => {
    const own = await fetch(`${service.url}/greeting`);
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    const passed = await fetch(`${service.url}/greeting`, { headers: { 'x-request-id': 'edge-42' } });
    expect(passed.headers.get('x-request-id')).toBe('edge-42');
    for (const forged of ['bad id {"level":"fatal"}', 'x'.repeat(200)]) {
      const response = await fetch(`${service.url}/greeting`, { headers: { 'x-request-id': forged } });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    }
    const lines = service.logs.filter((l) => l.request_id === 'edge-42');
    expect(lines).toEqual([expect.objectContaining({ msg: 'request', method: 'GET', url: '/greeting', route: '/greeting', status: 200, service: 'kit-notes', level: 'info' })]);
  });
});
