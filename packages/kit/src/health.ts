// Liveness and readiness for the orchestrator. /healthz: the process is alive (never touches a
// dependency, so a database outage does not get every replica restarted). /readyz: this replica
// can do its job now — database reachable, NATS connected, migrations applied, not shutting
// down — and says which of those is not so.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { problemType } from './errors.ts';
import { problem, sendProblem } from './problem.ts';

export interface ReadinessCheck {
  name: string;
  /** Resolves to true when ready, or to a short reason (`"disconnected"`) when not. */
  check(): Promise<true | string>;
}

export interface Readiness {
  checks: ReadinessCheck[];
  /** Set first thing on shutdown, so the load balancer stops sending before the server stops. */
  shuttingDown: boolean;
}

const CHECK_TIMEOUT_MS = 2_000;

async function run(check: ReadinessCheck): Promise<true | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.check().catch((error: Error) => error.message || 'failed'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const Status = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });

export function installHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.get('/healthz', { schema: { hide: true, response: { 200: Status } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    if (readiness.shuttingDown) {
      return sendProblem(reply, problem(503, 'not ready: shutting down', request, { type: problemType('not-ready'), title: 'Not Ready', checks: { shutdown: 'in progress' } }));
    }
    const results = await Promise.all(readiness.checks.map(async (c) => [c.name, await run(c)] as const));
    const checks = Object.fromEntries(results.map(([name, result]) => [name, result === true ? 'ok' : result]));
    const failing = results.filter(([, result]) => result !== true);
    if (failing.length === 0) return reply.send({ status: 'ready', checks });
    const detail = `not ready: ${failing.map(([name, reason]) => `${name} ${reason}`).join(', ')}`;
    return sendProblem(reply, problem(503, detail, request, { type: problemType('not-ready'), title: 'Not Ready', checks }));
  });
}
