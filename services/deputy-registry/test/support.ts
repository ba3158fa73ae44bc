// Test support: the registry running on its own database (real PostgreSQL) and a namespaced
// transport (real NATS), called over real HTTP with real RS256 JWTs — signed here with a key
// whose JWKS the service's verifier (the one from @onenet/auth) trusts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createVerifier, type Role } from '@onenet/auth';
import { bearerAuthenticator } from '@onenet/kit';
import { startTestService, type TestService } from '@onenet/kit/testing';
import { registryService } from '../src/service.ts';

export const ISSUER = 'http://idp.test/realms/onenet';
export const AUDIENCE = 'onenet-api';

export const REGION = '450000';
export const CITY = '450000/451100';
export const BABU = `${CITY}/451102`;
export const PINGGUI = `${CITY}/451103`;
export const HEJIE = `${BABU}/451102101`;
export const LIANTANG = `${BABU}/451102103`;
export const SHATIAN = `${PINGGUI}/451103103`;
export const NANNING = '450000/450100';

export interface Caller {
  roles: Role[];
  tenantPath: string;
  deputyId?: string;
  name?: string;
}

export interface Registry {
  service: TestService;
  url: string;
  /** A signed access token for a caller. */
  token(caller: Caller): Promise<string>;
  /** An HTTP client acting as the caller (no caller: anonymous). */
  as(caller?: Caller): Client;
  stop(): Promise<void>;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  raw: Buffer;
}

export interface Client {
  get<T = any>(path: string): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown, contentType?: string): Promise<Reply<T>>;
  put<T = any>(path: string, body?: unknown, contentType?: string): Promise<Reply<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<Reply<T>>;
  delete<T = any>(path: string): Promise<Reply<T>>;
}

export async function startRegistry(env: Record<string, string> = {}): Promise<Registry> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'RS256', use: 'sig' };
  const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE }, createLocalJWKSet({ keys: [jwk] }));
  const files = mkdtempSync(join(tmpdir(), 'registry-files-'));
  const service = await startTestService(registryService, {
    authenticator: bearerAuthenticator(verifier),
    env: { REGISTRY_FILES_DIR: files, REGISTRY_IDENTITY_KEY: 'test-identity-key-0123456789', REGISTRY_DATA_KEY: 'test-data-key-0123456789', LOG_LEVEL: 'warn', ...env },
  });
  let n = 0;
  const token = (caller: Caller) => sign(privateKey, caller, `user-${++n}`);
  return {
    service,
    url: service.url,
    token,
    as: (caller) => client(service.url, caller ? () => token(caller) : undefined),
    async stop() {
      await service.stop();
      rmSync(files, { recursive: true, force: true });
    },
  };
}

function sign(key: CryptoKey, caller: Caller, sub: string): Promise<string> {
  const code = caller.tenantPath.split('/').at(-1)!;
  return new SignJWT({
    preferred_username: sub,
    name: caller.name ?? `${caller.roles.join('+')}@${code}`,
    realm_access: { roles: caller.roles },
    tenant_code: code,
    tenant_path: caller.tenantPath,
    ...(caller.deputyId ? { deputy_id: caller.deputyId } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'test', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

function client(base: string, token?: () => Promise<string>): Client {
  const call = async (method: string, path: string, body?: unknown, contentType?: string): Promise<Reply> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${await token()}`;
    let payload: Uint8Array | string | undefined;
    if (Buffer.isBuffer(body)) {
      payload = new Uint8Array(body);
      headers['content-type'] = contentType ?? 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method, headers, body: payload });
    const raw = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && raw.length > 0 ? JSON.parse(raw.toString('utf8')) : raw;
    return { status: response.status, headers: response.headers, body: parsed, raw };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body, contentType) => call('POST', path, body, contentType),
    put: (path, body, contentType) => call('PUT', path, body, contentType),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
  };
}

// ---------------------------------------------------------------- data

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid 18-digit ID number: area, birth date, sequence (odd = male), check digit. */
export function idNumber(area: string, birth: string, sequence: number): string {
  const body = `${area}${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

export const staff = (tenantPath: string): Caller => ({ roles: ['staff'], tenantPath });
export const liaison = (tenantPath: string): Caller => ({ roles: ['liaison'], tenantPath });
export const leader = (tenantPath: string): Caller => ({ roles: ['leader'], tenantPath });
