// Rewrites the test fixture's generated types (test/fixtures/petitions.generated.ts).
import { writeFileSync } from 'node:fs';
import { openApiDocument, serviceModuleSource } from './codegen.ts';
import { petitionsService } from '../test/fixtures/petitions-service.ts';

const source = await serviceModuleSource('petitions', await openApiDocument(petitionsService), 'test/fixtures/petitions-service.ts');
writeFileSync(new URL('../test/fixtures/petitions.generated.ts', import.meta.url), source);
console.log('wrote test/fixtures/petitions.generated.ts');
