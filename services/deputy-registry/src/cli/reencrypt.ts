// npm run -w @onenet/deputy-registry reencrypt [-- --tenant 450000 --batch 500]
// Rotating the data key: seals every ID number and phone again with the current REGISTRY_DATA_KEY.
//  1. Deploy with the new key as REGISTRY_DATA_KEY and the old one in REGISTRY_DATA_KEYS_RETIRED
//     (the service then reads both and writes only with the new one).
//  2. Run this, with the same variables and DATABASE_URL (the runtime role, under row-level
//     security, scoped to --tenant: by default the whole tree). It may run while the service
//     serves; it locks a batch of rows at a time, and can be stopped and run again.
//  3. When it reports 0 left, drop REGISTRY_DATA_KEYS_RETIRED and deploy again.
// Exit 0 when every value is sealed with the current key, 1 when some could not be opened.
import { parseArgs } from 'node:util';
import { createDb, createPool, withTenant } from '@onenet/db';
import { tenants } from '@onenet/tenancy';
import { secretKeys } from '../config.ts';
import type { RegistryDatabase } from '../db/schema.ts';
import { createSecrets, type Secrets } from '../secrets.ts';

const { values } = parseArgs({ options: { tenant: { type: 'string' }, batch: { type: 'string' }, url: { type: 'string' } } });
const url = values.url ?? process.env.DATABASE_URL;
if (!url) {
  console.error('reencrypt: set DATABASE_URL (or pass --url postgres://…)');
  process.exit(64);
}
let secrets: Secrets;
try {
  secrets = createSecrets(secretKeys(process.env));
} catch (error) {
  console.error((error as Error).message);
  process.exit(78);
}
const tenant = values.tenant ?? tenants.root.path;
const batchSize = Number(values.batch ?? 500);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  console.error(`reencrypt: --batch must be a whole number of persons, not ${values.batch}`);
  process.exit(64);
}
/** A value sealed with the current key as it is; any other opened and sealed again (throws if no key opens it). */
const sealAgain = (sealed: string | null) => (sealed === null || secrets.isCurrent(sealed) ? sealed : secrets.encrypt(secrets.decrypt(sealed)));
const db = createDb<RegistryDatabase>(createPool(url, { max: 1, applicationName: 'registry-reencrypt' }));

let sealedAgain = 0;
let unreadable = 0;
let after: string | undefined;
try {
  for (;;) {
    // One transaction per batch: its rows stay locked only while they are sealed again.
    const rows = await withTenant(db, tenant, async (trx) => {
      const registry = trx.withSchema('registry');
      const batch = await registry
        .selectFrom('person_private')
        .select(['person_id', 'id_number_cipher', 'phone_cipher'])
        .$if(after !== undefined, (q) => q.where('person_id', '>', after!))
        .orderBy('person_id')
        .limit(batchSize)
        .forUpdate()
        .execute();
      for (const row of batch) {
        let sealed: { idNumber: string | null; phone: string | null };
        try {
          sealed = { idNumber: sealAgain(row.id_number_cipher), phone: sealAgain(row.phone_cipher) };
        } catch (error) {
          // A value no configured key opens: reported, left as it is. A database error is not
          // caught here: it stops the command.
          unreadable++;
          console.error(`person ${row.person_id}: ${(error as Error).message}`);
          continue;
        }
        if (sealed.idNumber === row.id_number_cipher && sealed.phone === row.phone_cipher) continue;
        await registry.updateTable('person_private').set({ id_number_cipher: sealed.idNumber, phone_cipher: sealed.phone }).where('person_id', '=', row.person_id).execute();
        sealedAgain++;
      }
      return batch;
    });
    if (rows.length < batchSize) break;
    after = rows.at(-1)!.person_id;
  }
  process.stdout.write(`private data under ${tenant}: ${sealedAgain} persons sealed again with the current key, ${unreadable} left (could not be opened)\n`);
  process.exitCode = unreadable ? 1 : 0;
} finally {
  await db.destroy();
}
