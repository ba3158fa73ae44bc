// Rotating the data key that seals ID numbers and phones: the service reads what a retired key
// sealed, writes only with the current one, and `reencrypt` (a real child process on the real
// database) seals everything again so that the retired key can be dropped.
import { spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecrets } from '../src/secrets.ts';
import { HEJIE, idNumber, staff, startRegistry, type Registry } from './support.ts';

const IDENTITY = 'test-identity-key-0123456789';
const OLD = 'old-data-key-0123456789';
const NEW = 'new-data-key-0123456789';
const reencrypt = fileURLToPath(new URL('../src/cli/reencrypt.ts', import.meta.url));

/** A value as the registry sealed it before keys were rotated ("v1": no key named). */
function sealedBeforeRotation(plain: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(`data\0${key}`).digest(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
}

describe('data key rotation in the secrets', () => {
  const before = createSecrets({ identityKey: IDENTITY, dataKey: OLD });
  const rotated = createSecrets({ identityKey: IDENTITY, dataKey: NEW, retiredDataKeys: [OLD] });
  const after = createSecrets({ identityKey: IDENTITY, dataKey: NEW });

  it('opens what a retired key sealed and seals only with the current key', () => {
    const old = before.encrypt('13800001111');
    expect(rotated.decrypt(old)).toBe('13800001111');
    expect(rotated.decrypt(sealedBeforeRotation('13800002222', OLD))).toBe('13800002222');
    expect(rotated.isCurrent(old)).toBe(false);
    const fresh = rotated.encrypt('13800003333');
    expect(rotated.isCurrent(fresh)).toBe(true);
    expect(after.decrypt(fresh)).toBe('13800003333');
    // The match hash of ID numbers does not depend on the data key.
    expect(rotated.identityHash('45110219800501002X')).toEqual(before.identityHash('45110219800501002x'));
  });

  it('says which variable lacks the key when a value cannot be opened', () => {
    expect(() => after.decrypt(before.encrypt('x'))).toThrow(/neither REGISTRY_DATA_KEY nor in REGISTRY_DATA_KEYS_RETIRED/);
    expect(() => after.decrypt(sealedBeforeRotation('x', OLD))).toThrow(/neither REGISTRY_DATA_KEY nor REGISTRY_DATA_KEYS_RETIRED opens/);
  });
});

// The command runs as a real child process, twice in a test: on two busy slow cores (CI with every
// package's tests at once) a start took over 15 s, so the bound is a hang guard, not a speed claim.
describe('reencrypt', { timeout: 120_000 }, () => {
  let r: Registry;
  const people = [
    { name: '韦秀英', idNumber: idNumber('451102', '1980-05-01', 22), phone: '13800001111' },
    { name: '覃建华', idNumber: idNumber('451102', '1975-09-12', 31), phone: '13900002222' },
  ];
  const ids: string[] = [];

  const run = async (env: Record<string, string>) => {
    const child = spawn(process.execPath, [reencrypt], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: r.service.database.appUrl, REGISTRY_IDENTITY_KEY: IDENTITY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const [code] = await once(child, 'exit');
    return { code: code as number, out };
  };
  const stored = async () =>
    (await r.service.database.db.selectFrom('registry.person_private').select(['id_number_cipher', 'phone_cipher']).where('person_id', 'in', ids).execute()).flatMap((row) => [
      row.id_number_cipher as string,
      row.phone_cipher as string,
    ]);

  beforeAll(async () => {
    // Deployed with the new key current and the old one retired; the data still sealed with the
    // old key (one person as before rotation existed, one with the old key named).
    r = await startRegistry({ REGISTRY_DATA_KEY: NEW, REGISTRY_DATA_KEYS_RETIRED: OLD });
    const old = createSecrets({ identityKey: IDENTITY, dataKey: OLD });
    for (const [n, person] of people.entries()) {
      const created = await r.as(staff(HEJIE)).post('/persons', { ...person, mandate: { level: 'township', term: '第十八届', startDate: '2021-09-28' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.personId);
      const seal = (plain: string) => (n === 0 ? sealedBeforeRotation(plain, OLD) : old.encrypt(plain));
      await r.service.database.db
        .updateTable('registry.person_private')
        .set({ id_number_cipher: seal(person.idNumber), phone_cipher: seal(person.phone) })
        .where('person_id', '=', created.body.personId)
        .execute();
    }
  });
  afterAll(() => r?.stop());

  it('staff read private data sealed with the retired key', async () => {
    for (const [n, person] of people.entries()) {
      expect((await r.as(staff(HEJIE)).get(`/persons/${ids[n]}`)).body.private).toEqual({ idNumber: person.idNumber, phone: person.phone });
    }
  });

  it('without the retired key it opens nothing, changes nothing and exits 1', async () => {
    const before = await stored();
    const { code, out } = await run({ REGISTRY_DATA_KEY: NEW });
    expect(code).toBe(1);
    expect(out).toContain('0 persons sealed again with the current key, 2 left');
    expect(await stored()).toEqual(before);
  });

  it('seals everything again with the current key, after which the retired key can go', async () => {
    const first = await run({ REGISTRY_DATA_KEY: NEW, REGISTRY_DATA_KEYS_RETIRED: OLD });
    expect(first, first.out).toMatchObject({ code: 0 });
    expect(first.out).toContain('2 persons sealed again with the current key, 0 left');
    const after = createSecrets({ identityKey: IDENTITY, dataKey: NEW });
    const values = await stored();
    expect(values.every((v) => after.isCurrent(v))).toBe(true);
    expect(values.map((v) => after.decrypt(v)).sort()).toEqual(people.flatMap((p) => [p.idNumber, p.phone]).sort());
    // Run again: nothing left to do.
    expect((await run({ REGISTRY_DATA_KEY: NEW, REGISTRY_DATA_KEYS_RETIRED: OLD })).out).toContain('0 persons sealed again');
  });
});
