// Public profiles (代表信息公开): read by anyone, without login and without a tenant.
// The transaction sets `onenet.public = on` and no tenant: `public_profile` (public columns by
// construction) and the active rows of `mandate` are all it can see. See the people migration.
import { sql, type Kysely } from 'kysely';
import { likeLiteral, queryGrams } from '../domain/search.ts';
import type { DeputyLevel } from '../domain/levels.ts';
import { SCHEMA, type RegistryDatabase } from './schema.ts';
import { inSubtree } from './scope.ts';
import type { FileStorage } from '@onenet/files';

export interface PublicMandate {
  level: DeputyLevel;
  tenantPath: string;
  term: string;
  constituency: string | null;
  delegation: string | null;
}

export interface PublicProfile {
  personId: string;
  name: string;
  photoUrl: string | null;
  occupation: string | null;
  publicContact: string | null;
  mandates: PublicMandate[];
}

export interface ProfileSearch {
  q?: string;
  level?: DeputyLevel;
  constituency?: string;
  /** A tenant path: deputies elected by this congress or one below it. */
  tenantPath?: string;
  limit: number;
  offset: number;
}

/** Runs fn in a transaction that sees only what is public. */
export function withPublic<T>(db: Kysely<RegistryDatabase>, fn: (trx: Kysely<RegistryDatabase>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('onenet.public', 'on', true)`.execute(trx);
    return fn(trx);
  });
}

async function mandatesOf(trx: Kysely<RegistryDatabase>, personIds: string[]): Promise<Map<string, PublicMandate[]>> {
  const byPerson = new Map<string, PublicMandate[]>();
  if (personIds.length === 0) return byPerson;
  const rows = await trx
    .withSchema(SCHEMA)
    .selectFrom('mandate')
    .select(['person_id', 'level', 'tenant_path', 'term', 'constituency', 'delegation'])
    .where('person_id', 'in', personIds)
    .where('status', '=', 'active')
    .execute();
  const order = ['national', 'region', 'city', 'county', 'township'];
  for (const r of rows.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level))) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push({ level: r.level, tenantPath: r.tenant_path, term: r.term, constituency: r.constituency, delegation: r.delegation });
    byPerson.set(r.person_id, list);
  }
  return byPerson;
}

/** Totals are counted up to this many; past it the answer says "at least". */
export const TOTAL_CAP = 2000;

export async function searchProfiles(db: Kysely<RegistryDatabase>, search: ProfileSearch): Promise<{ items: PublicProfile[]; total: number; totalExact: boolean }> {
  return withPublic(db, async (trx) => {
    const r = trx.withSchema(SCHEMA);
    const grams = search.q ? queryGrams(search.q) : [];
    const byMandate = search.level !== undefined || search.constituency !== undefined || search.tenantPath !== undefined;
    const query = r
      .selectFrom('public_profile as pp')
      // A deputy is public while published and holding an active mandate (counted by a trigger).
      .where('pp.published', '=', true)
      .where('pp.active_mandates', '>', 0)
      .$if(grams.length > 0, (q) =>
        q.where(sql<boolean>`pp.name_grams @> ${sql.val(grams)}::text[]`).where('pp.name', 'like', `%${likeLiteral(search.q!.replace(/\s+/g, ''))}%`),
      )
      .$if(byMandate, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('mandate as m')
              .select('m.id')
              .whereRef('m.person_id', '=', 'pp.person_id')
              .where('m.status', '=', 'active')
              .$if(search.level !== undefined, (q) => q.where('m.level', '=', search.level!))
              .$if(search.constituency !== undefined, (q) => q.where('m.constituency', '=', search.constituency!))
              .$if(search.tenantPath !== undefined, (q) => q.where(inSubtree('m.tenant_path', search.tenantPath!))),
          ),
        ),
      );
    const columns = ['pp.person_id', 'pp.name', 'pp.photo_url', 'pp.occupation', 'pp.public_contact'] as const;
    // Most searches match a few hundred people: take up to TOTAL_CAP + 1 matches once, count them
    // and sort the page out of them — one pass. Only a broad search (more matches than that)
    // needs a second query, walking the name index in order to the page.
    const capped = await trx
      .with('hits', () => query.select(columns).limit(TOTAL_CAP + 1))
      .selectFrom('hits')
      .selectAll()
      .select((eb) => eb.selectFrom('hits').select(eb.fn.countAll<string>().as('n')).as('n'))
      .orderBy('name')
      .orderBy('person_id')
      .limit(search.limit)
      .offset(search.offset)
      .execute();
    let n = capped.length > 0 ? Number(capped[0]!.n) : 0;
    if (capped.length === 0 && search.offset > 0) {
      // Past the last page: count alone.
      const counted = await trx.with('hits', () => query.select(columns).limit(TOTAL_CAP + 1)).selectFrom('hits').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      n = Number(counted.n);
    }
    const rows = n <= TOTAL_CAP ? capped : await query.select(columns).orderBy('pp.name').orderBy('pp.person_id').limit(search.limit).offset(search.offset).execute();
    const mandates = await mandatesOf(trx, rows.map((row) => row.person_id));
    return {
      total: Math.min(n, TOTAL_CAP),
      totalExact: n <= TOTAL_CAP,
      items: rows.map((row) => ({
        personId: row.person_id,
        name: row.name,
        photoUrl: row.photo_url,
        occupation: row.occupation,
        publicContact: row.public_contact,
        mandates: mandates.get(row.person_id) ?? [],
      })),
    };
  });
}

export async function getProfile(db: Kysely<RegistryDatabase>, personId: string): Promise<PublicProfile | undefined> {
  return withPublic(db, async (trx) => {
    const row = await trx.withSchema(SCHEMA).selectFrom('public_profile').selectAll().where('person_id', '=', personId).where('published', '=', true).executeTakeFirst();
    if (!row) return undefined;
    const mandates = (await mandatesOf(trx, [personId])).get(personId) ?? [];
    // A person with no active mandate is no longer a deputy: no public profile.
    if (mandates.length === 0) return undefined;
    return { personId: row.person_id, name: row.name, photoUrl: row.photo_url, occupation: row.occupation, publicContact: row.public_contact, mandates };
  });
}

/** A published deputy's uploaded photo; undefined when there is none to show the public. */
export async function getPublicPhoto(db: Kysely<RegistryDatabase>, storage: FileStorage, personId: string): Promise<{ data: Buffer; contentType: string } | undefined> {
  const row = await withPublic(db, (trx) =>
    trx
      .withSchema(SCHEMA)
      .selectFrom('public_profile')
      .select(['photo_key', 'photo_content_type'])
      .where('person_id', '=', personId)
      .where('published', '=', true)
      .where('active_mandates', '>', 0)
      .executeTakeFirst(),
  );
  if (!row?.photo_key) return undefined;
  const data = await storage.get(row.photo_key);
  return data ? { data, contentType: row.photo_content_type! } : undefined;
}
