// Token verification cost on a cached key set: what every authenticated request pays.
// Run: npx node packages/auth/bench/verify.bench.ts
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createVerifier } from '../src/index.ts';

export interface VerifyFigures {
  /** A token seen for the first time: RS256 signature and claims checked. */
  verificationsPerSecond: number;
  microsecondsPerVerification: number;
  /** The same token again (a client's next call): served from the verified-token cache. */
  microsecondsPerCachedVerification: number;
}

export async function benchVerify(iterations = 20_000): Promise<VerifyFigures> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}/realms/onenet`;
  const verifier = createVerifier({ issuer, audience: 'onenet-api', jwksUrl: `http://127.0.0.1:${port}/certs`, cacheSize: 0 });
  const caching = createVerifier({ issuer, audience: 'onenet-api', jwksUrl: `http://127.0.0.1:${port}/certs` });
  const token = await new SignJWT({ realm_access: { roles: ['staff'] }, tenant_code: '451102', tenant_path: '450000/451100/451102' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuer(issuer).setAudience('onenet-api').setSubject('bench').setIssuedAt().setExpirationTime('1h')
    .sign(privateKey);
  for (let i = 0; i < 1_000; i++) await verifier.verify(token); // warm the cache and the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await verifier.verify(token);
  const elapsedNs = Number(process.hrtime.bigint() - start);
  await caching.verify(token);
  const cachedStart = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await caching.verify(token);
  const cachedNs = Number(process.hrtime.bigint() - cachedStart);
  server.close();
  return {
    verificationsPerSecond: Math.round((iterations * 1e9) / elapsedNs),
    microsecondsPerVerification: Math.round(elapsedNs / iterations / 10) / 100,
    microsecondsPerCachedVerification: Math.round(cachedNs / iterations / 10) / 100,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchVerify();
  console.log(`token verification (RS256, cached JWKS): ${figures.microsecondsPerVerification} µs each, ${figures.verificationsPerSecond}/s on one core`);
  console.log(`the same token again (verified-token cache): ${figures.microsecondsPerCachedVerification} µs`);
}
