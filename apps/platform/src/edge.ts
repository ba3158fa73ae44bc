// The local edge: one origin for everything, with the same paths the Kubernetes ingress serves —
// /api/<service>/ for each service, /realms/ for the identity provider, / for the portal.
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import httpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';

export interface EdgeRoute {
  /** Path prefix on the edge, e.g. /api/deputy-registry */
  prefix: string;
  /** Where it goes, e.g. http://127.0.0.1:8101 */
  upstream: string;
  /** Path prefix on the upstream; '' strips the edge prefix. */
  rewritePrefix: string;
}

export interface EdgeOptions {
  routes: EdgeRoute[];
  /** The built portal (apps/portal/dist); served at / with the SPA's index.html as fallback. */
  portalDir?: string;
  /** The page served at / when the portal is not built. */
  landingPage: () => string;
}

export async function buildEdge(options: EdgeOptions): Promise<FastifyInstance> {
  const edge = Fastify({ logger: false, trustProxy: true });
  for (const route of options.routes) {
    await edge.register(httpProxy, {
      upstream: route.upstream,
      prefix: route.prefix,
      rewritePrefix: route.rewritePrefix,
      // The upstream needs the public host and scheme to build absolute URLs (issuer, redirects).
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({
          ...headers,
          'x-forwarded-host': request.headers.host ?? '',
          'x-forwarded-proto': request.protocol,
          'x-forwarded-prefix': route.prefix,
        }),
      },
    });
  }
  const portal = options.portalDir && existsSync(join(options.portalDir, 'index.html')) ? options.portalDir : undefined;
  if (portal) {
    await edge.register(fastifyStatic, {
      root: portal,
      wildcard: false,
      index: ['index.html'],
      // Vite writes .br and .gz beside each file: phones on slow links get the small ones.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        // Hashed assets never change; the entry page and the service worker must be re-checked.
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    edge.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(options.landingPage()));
  }
  edge.get('/platform', async (_request, reply) => reply.type('text/html; charset=utf-8').send(options.landingPage()));
  edge.setNotFoundHandler((request, reply) => {
    // The portal routes in the browser: any other page path gets its index.html.
    if (portal && request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/realms/') && request.headers.accept?.includes('text/html')) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    }
    reply.code(404).type('application/problem+json').send({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `无此路径 / no route for ${request.method} ${request.url}`,
      instance: request.url,
    });
  });
  return edge;
}
