// Runs the dev IdP: `npx node packages/dev-idp/src/main.ts [--port 8180] [--host 127.0.0.1]
// [--public-url http://localhost:8180] [--realm-dir infra/keycloak] [--realm onenet] [--key-dir packages/dev-idp/.data]`
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startDevIdp } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.DEV_IDP_PORT ?? '8180' },
    host: { type: 'string', default: process.env.DEV_IDP_HOST ?? '127.0.0.1' },
    'public-url': { type: 'string' },
    'realm-dir': { type: 'string' },
    realm: { type: 'string', default: 'onenet' },
    // Keys survive restarts, so a running portal's tokens stay valid.
    'key-dir': { type: 'string', default: fileURLToPath(new URL('../.data/', import.meta.url)) },
    'trust-proxy': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

const idp = await startDevIdp({
  port,
  host: values.host,
  realm: values.realm,
  keyDir: values['key-dir'],
  trustProxy: values['trust-proxy'],
  ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
  ...(values['realm-dir'] ? { realmDir: values['realm-dir'] } : {}),
});
process.stdout.write(`dev IdP ready: issuer ${idp.issuer}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    idp.close().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
