import { performance } from 'node:perf_hooks';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createVerifier } from '@onenet/auth';
import { InProcessTransport } from '@onenet/bus';
import { bearerAuthenticator, buildService, createLogger } from '@onenet/kit';
import { suggestionsService } from './src/service.ts';
const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
const issuer = 'http://bench.local/realms/onenet';
const url = 'postgres://postgres@127.0.0.1:5432/onenet_bench_suggestions';
const service = await buildService(suggestionsService(), {
  env: { DATABASE_URL: 'postgres://suggestions_app@127.0.0.1:5432/onenet_bench_suggestions', MIGRATION_DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', FILES_DIR: '/tmp/x', DEADLINE_SCAN_INTERVAL_MS: '0' },
  transport: new InProcessTransport(), logger: createLogger({ service: 's', level: 'error' }),
  authenticator: bearerAuthenticator(createVerifier({ issuer, audience: 'onenet-api' }, createLocalJWKSet({ keys: [jwk] }))),
});
const { url: base } = await service.start();
const tok = await new SignJWT({ realm_access: { roles: ['deputy'] }, tenant_path: '450000/451100/451102', tenant_code: '451102', deputy_id: 'e73be0bc-b7ec-48cd-8984-fe0ded240dad', family_name: 'x' }).setProtectedHeader({ alg: 'RS256', kid: 'bench' }).setIssuer(issuer).setAudience('onenet-api').setSubject('d').setIssuedAt().setExpirationTime('2h').sign(privateKey);
const times = [];
for (let i = 0; i < 30; i++) {
  const t = performance.now();
  const r = await fetch(`${base}/suggestions`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'suggestion', period: 'session', title: '关于大会期间集中提出的建议', body: '建议有关部门加大投入，统筹规划分步实施。', submit: true }) });
  await r.text();
  times.push(Math.round(performance.now() - t));
  if (r.status !== 201) console.log(r.status);
}
console.log(times.join(' '));
await service.close();
