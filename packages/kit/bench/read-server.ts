// One target of the auth+RLS benchmark, in its own process: the same read of 20 rows served
// `plain` (public route, superuser pool, no tenant) or `scoped` (bearer token verified, caller's
// tenant set, runtime role under row-level security). Prints its URL once listening.
// argv: <plain|scoped> <superuser database URL> <runtime-role database URL> <issuer> <jwks URL>
import { sql } from 'kysely';
import { InProcessTransport } from '@onenet/bus';
import { createDb, createPool } from '@onenet/db';
import { createVerifier } from '@onenet/auth';
import { bearerAuthenticator, buildService, createLogger, defineService, logDestination } from '../src/index.ts';

const [target, databaseUrl, runtimeUrl, issuer, jwksUrl] = process.argv.slice(2) as [string, string, string, string, string];
const scoped = target === 'scoped';

const definition = defineService({
  name: 'read-bench',
  schema: 'read_bench',
  migrations: {},
  routes(app, ctx) {
    if (scoped) {
      app.get('/notes', { config: { access: { roles: ['staff'] } } }, async (request) =>
        ctx.withCallerTenant(request, async (trx) => (await sql`select id, tenant_path, body from read_bench.note order by id limit 20`.execute(trx)).rows));
    } else {
      const plain = createDb<any>(createPool(databaseUrl, { max: 10, applicationName: 'read-bench-plain' }));
      app.get('/notes', { config: { access: { public: true } } }, async () =>
        (await sql`select id, tenant_path, body from read_bench.note order by id limit 20`.execute(plain)).rows);
    }
  },
});
const logger = createLogger({ service: 'read-bench', level: 'info', destination: logDestination('/dev/null') });
const service = await buildService(definition, {
  env: { DATABASE_URL: scoped ? runtimeUrl : databaseUrl },
  transport: new InProcessTransport(),
  logger,
  authenticator: bearerAuthenticator(createVerifier({ issuer, audience: 'onenet-api', jwksUrl })),
  migrate: false,
});
process.stdout.write(`${await service.app.listen({ port: 0, host: '127.0.0.1' })}\n`);
process.on('message', () => process.send?.(process.cpuUsage()));
