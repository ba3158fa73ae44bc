// The generated client must describe the services as their code is now: this is the check that
// fails when a service's API changed and `npm run -w @onenet/api-client generate` was not run.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate, openApiDocument, operationsOf, serviceModuleSource, staleFiles } from '../scripts/codegen.ts';
import { petitionsService } from './fixtures/petitions-service.ts';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageRoot, '../..');

describe('generated client', () => {
  it('matches every service\'s current OpenAPI document (else run: npm run -w @onenet/api-client generate)', async () => {
    const generation = await generate(repoRoot);
    expect(staleFiles(packageRoot, generation)).toEqual([]);
  });

  it('reads a service\'s OpenAPI document from its definition, with no database or NATS', async () => {
    const document = await openApiDocument(petitionsService);
    expect(operationsOf(document)).toEqual(['GET /petitions/{id}', 'POST /petitions', 'POST /petitions/{id}/withdraw']);
    const post = (document.paths as Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>)['/petitions']?.post;
    expect(JSON.stringify(post?.requestBody)).toContain('"urgency"');
    // Every operation documents its problem+json errors, which the client turns into ApiProblem.
    expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['201', '4XX', '5XX']));
  });

  it('notices a changed API: the fixture\'s committed types are what the generator writes now', async () => {
    const source = await serviceModuleSource('petitions', await openApiDocument(petitionsService), 'test/fixtures/petitions-service.ts');
    const committed = readFileSync(join(packageRoot, 'test/fixtures/petitions.generated.ts'), 'utf8');
    expect(source).toBe(committed);
    // A service engineer adds a route: the committed client no longer matches.
    const changed = await openApiDocument({
      ...petitionsService,
      async routes(app, ctx) {
        await petitionsService.routes?.(app, ctx);
        app.get('/petitions', { config: { access: { public: true } } }, async () => []);
      },
    });
    expect(await serviceModuleSource('petitions', changed, 'test/fixtures/petitions-service.ts')).not.toBe(committed);
  });
});
