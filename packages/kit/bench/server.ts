// One benchmark target, in its own process so autocannon (in the parent) does not share its
// event loop: `kit` (the service kit, with its access log on at info, written to /dev/null) or
// `bare` (plain fastify, default options, no logger). Prints the URL once listening.
import Fastify from 'fastify';
import { InProcessTransport } from '@onenet/bus';
import { pgAdminUrl } from '@onenet/testing';
import { startTelemetry } from '@onenet/telemetry';
import { buildService, createLogger, defineService, logDestination } from '../src/index.ts';
import { createItem, schema } from './endpoint.ts';

const target = process.argv[2];

async function kit(): Promise<string> {
  const definition = defineService({
    name: 'kit-bench',
    schema: 'kit_bench',
    migrations: {},
    routes(app) {
      app.post('/items', { schema, config: { access: { public: true } } }, async (request, reply) => reply.code(201).send(createItem(request.body)));
    },
  });
  // The production log writer, writing to /dev/null instead of stdout.
  const logger = createLogger({ service: 'kit-bench', level: 'info', destination: logDestination('/dev/null') });
  // The pool connects lazily and nothing here queries: the HTTP path alone is measured.
  const service = await buildService(definition, { env: { DATABASE_URL: pgAdminUrl() }, transport: new InProcessTransport(), logger });
  return service.app.listen({ port: 0, host: '127.0.0.1' });
}

async function bare(): Promise<string> {
  const app = Fastify();
  app.post('/items', { schema }, async (request, reply) => reply.code(201).send(createItem(request.body as never)));
  return app.listen({ port: 0, host: '127.0.0.1' });
}

if (target === 'kit+otel') startTelemetry({ serviceName: 'kit-bench' });
const url = target === 'bare' ? await bare() : await kit();
process.stdout.write(`${url}\n`);
// The parent asks for this process's CPU time: per-request CPU cost is steadier than req/s on a
// machine shared with other work.
process.on('message', () => process.send?.(process.cpuUsage()));
