// People and mandates (代表 and their seats).
//
// Who may do what, beyond the route's role check:
// - A congress *manages* a person it registered or that holds one of its (or its subtree's)
//   mandates: it may edit them and add mandates. Seeing a person only through a mixed group
//   (a national deputy in a township group) is read-only.
// - A mandate is created and changed only by the congress that elected it (tenant 'self').
// - Adding a mandate to a person the caller does not manage needs the person's ID number
//   (registerPerson matches it): knowing a public profile's id is not enough, or any congress
//   could attach a mandate to anyone and so gain sight of their private data.
// - The ID number and phone are returned only to staff of a congress that registered the person
//   or elected one of their mandates, and to that congress's admin.
import { MandateChanged, MandateChangedV2, MandateCreated, MandateEnded, PERSON_FIELDS, PersonChanged, PersonChangedV2, PersonCreated, type EventData } from '@onenet/contracts';
import type { Principal } from '@onenet/auth';
import { sql } from 'kysely';
import { checkBirthMonth, checkIdNumber, checkMobile, idNumberFacts } from '../domain/identity.ts';
import { levelsElectedBy, LEVEL_LABELS, type DeputyLevel } from '../domain/levels.ts';
import { normaliseEthnicity } from '../domain/roster.ts';
import { likeLiteral, queryGrams } from '../domain/search.ts';
import { Conflict, FieldCheck, Forbidden, NotFound, invalid } from '../errors.ts';
import type { Secrets } from '../secrets.ts';
import { diff, emit, inSubtree, isUniqueViolation, iso, record, tables, type Scope } from './scope.ts';
import type { FileStorage } from '@onenet/files';
import type { MandateStatus, MandateTable, PersonTable } from './schema.ts';
import type { Selectable } from 'kysely';

export interface PersonFields {
  name?: string;
  gender?: 'female' | 'male' | null;
  ethnicity?: string | null;
  birthMonth?: string | null;
  occupation?: string | null;
  workplace?: string | null;
  isFarmer?: boolean;
  photoUrl?: string | null;
  publicContact?: string | null;
  published?: boolean;
  userId?: string | null;
  idNumber?: string | null;
  phone?: string | null;
}

export interface MandateFields {
  level: DeputyLevel;
  term: string;
  delegation?: string | null;
  constituency?: string | null;
  startDate: string;
  endDate?: string | null;
}

export interface Mandate {
  id: string;
  personId: string;
  tenantPath: string;
  level: DeputyLevel;
  term: string;
  delegation: string | null;
  constituency: string | null;
  startDate: string;
  endDate: string | null;
  status: MandateStatus;
  endReason: 'term-ended' | 'resigned' | 'terminated' | null;
}

export interface Person {
  id: string;
  tenantPath: string;
  name: string;
  gender: 'female' | 'male' | null;
  ethnicity: string | null;
  birthMonth: string | null;
  occupation: string | null;
  workplace: string | null;
  isFarmer: boolean;
  photoUrl: string | null;
  /** The photo uploaded to the registry (its public URL is photoUrl), if any. */
  photo: { contentType: string; byteSize: number; uploadedAt: string } | null;
  publicContact: string | null;
  published: boolean;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PersonDetail extends Person {
  mandates: Mandate[];
  groups: { groupId: string; name: string; role: string; joinedOn: string; leftOn: string | null }[];
  /** Whether the caller's congress manages (may edit) this person. */
  managed: boolean;
  /** Present only for callers entitled to private data. */
  private?: { idNumber: string | null; phone: string | null };
}

export const toPerson = (row: Selectable<PersonTable>): Person => ({
  id: row.id,
  tenantPath: row.tenant_path,
  name: row.name,
  gender: row.gender,
  ethnicity: row.ethnicity,
  birthMonth: row.birth_month,
  occupation: row.occupation,
  workplace: row.workplace,
  isFarmer: row.is_farmer,
  photoUrl: row.photo_url,
  photo: row.photo_key ? { contentType: row.photo_content_type!, byteSize: row.photo_byte_size!, uploadedAt: iso(row.photo_uploaded_at!) } : null,
  publicContact: row.public_contact,
  published: row.published,
  userId: row.user_id,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

export const toMandate = (row: Selectable<MandateTable>): Mandate => ({
  id: row.id,
  personId: row.person_id,
  tenantPath: row.tenant_path,
  level: row.level,
  term: row.term,
  delegation: row.delegation,
  constituency: row.constituency,
  startDate: row.start_date,
  endDate: row.end_date,
  status: row.status,
  endReason: row.end_reason,
});

/** Validates the format-checked fields; returns normalised ID number, phone, birth month, ethnicity. */
function checkPersonFields(
  fields: PersonFields,
  check: FieldCheck,
): { idNumber?: string | null; phone?: string | null; birthMonth?: string | null; ethnicity?: string | null; gender?: 'female' | 'male' | null } {
  const out: { idNumber?: string | null; phone?: string | null; birthMonth?: string | null; ethnicity?: string | null; gender?: 'female' | 'male' | null } = {};
  if (fields.idNumber !== undefined && fields.idNumber !== null) {
    const c = checkIdNumber(fields.idNumber);
    if (c.ok) out.idNumber = c.value;
    else check.add('/body/idNumber', c.reason);
  } else if (fields.idNumber === null) out.idNumber = null;
  if (fields.phone !== undefined && fields.phone !== null) {
    const c = checkMobile(fields.phone);
    if (c.ok) out.phone = c.value;
    else check.add('/body/phone', c.reason);
  } else if (fields.phone === null) out.phone = null;
  if (fields.birthMonth !== undefined && fields.birthMonth !== null) {
    const c = checkBirthMonth(fields.birthMonth);
    if (c.ok) out.birthMonth = c.value;
    else check.add('/body/birthMonth', c.reason);
  } else if (fields.birthMonth === null) out.birthMonth = null;
  if (fields.ethnicity !== undefined && fields.ethnicity !== null) {
    const e = normaliseEthnicity(fields.ethnicity);
    if (e) out.ethnicity = e;
    else check.add('/body/ethnicity', 'is not one of the 56 recognised ethnic groups (e.g. 壮族)');
  } else if (fields.ethnicity === null) out.ethnicity = null;
  if (fields.name !== undefined && fields.name.trim() === '') check.add('/body/name', 'must not be blank');
  if (fields.gender !== undefined) out.gender = fields.gender;
  // The ID number encodes birth date and gender: fill them in, or refuse a contradiction.
  const facts = out.idNumber ? idNumberFacts(out.idNumber) : undefined;
  if (facts) {
    if (out.gender && out.gender !== facts.gender) check.add('/body/gender', 'does not match the ID number');
    if (out.birthMonth && out.birthMonth !== facts.birthDate.slice(0, 7)) check.add('/body/birthMonth', `does not match the ID number (${facts.birthDate.slice(0, 7)})`);
    out.gender ??= facts.gender;
    out.birthMonth ??= facts.birthDate.slice(0, 7);
  }
  return out;
}

function checkMandateFields(scope: Scope, fields: Partial<MandateFields>, check: FieldCheck, prefix = '/body'): void {
  if (fields.level !== undefined) {
    const allowed = levelsElectedBy(scope.tenantPath);
    if (!allowed.includes(fields.level)) {
      check.add(`${prefix}/level`, `this congress elects ${allowed.map((l) => `${l} (${LEVEL_LABELS[l]})`).join(' and ')} deputies only`);
    }
  }
  if (fields.startDate && fields.endDate && fields.endDate < fields.startDate) check.add(`${prefix}/endDate`, 'must not be before startDate');
}

/** The person as a data subject of the registry's events (public fields only). */
const personEventData = (p: Person) => ({
  personId: p.id,
  name: p.name,
  gender: p.gender,
  ethnicity: p.ethnicity,
  occupation: p.occupation,
  userId: p.userId,
});

/** The fields PersonChanged v1 can name. */
const PERSON_CHANGED_V1_FIELDS = ['name', 'gender', 'ethnicity', 'occupation', 'userId'] as const;

/**
 * Tells other services a person changed (through the outbox): PersonChanged v2 naming every
 * changed field, and v1 beside it when one of the five fields v1 knows changed (until every
 * consumer reads v2). `send` is emit, or a no-op for a dry run.
 */
export async function announcePersonChanged(scope: Scope, person: Person, changedFields: string[], send: typeof emit = emit): Promise<void> {
  const all = PERSON_FIELDS.filter((f) => changedFields.includes(f));
  if (all.length === 0) return;
  const v1 = PERSON_CHANGED_V1_FIELDS.filter((f) => all.includes(f));
  if (v1.length > 0) await send(scope, PersonChanged, { ...personEventData(person), changedFields: v1 });
  await send(scope, PersonChangedV2, {
    ...personEventData(person),
    workplace: person.workplace,
    isFarmer: person.isFarmer,
    photoUrl: person.photoUrl,
    publicContact: person.publicContact,
    published: person.published,
    changedFields: all,
  });
}

type MandateField = EventData<typeof MandateChangedV2>['changedFields'][number];
const MANDATE_STATUS_V2 = { active: 'active', ended: 'term-ended', resigned: 'resigned', terminated: 'terminated' } as const;

/**
 * Tells other services a mandate changed: MandateChanged v2, and v1 beside it while v1 can say
 * it (v1 has no "term ended" status: a term that ran out is MandateEnded and v2 only).
 */
export async function announceMandateChanged(scope: Scope, mandate: Mandate, changedFields: MandateField[], send: typeof emit = emit): Promise<void> {
  const data = mandateEventData(mandate);
  if (mandate.status !== 'ended') await send(scope, MandateChanged, { ...data, status: mandate.status, changedFields });
  await send(scope, MandateChangedV2, { ...data, status: MANDATE_STATUS_V2[mandate.status], changedFields });
}

const mandateEventData = (m: Mandate) => ({
  mandateId: m.id,
  personId: m.personId,
  level: m.level,
  electedByTenantPath: m.tenantPath,
  term: m.term,
  delegation: m.delegation,
  constituency: m.constituency,
  startDate: m.startDate,
  endDate: m.endDate,
  // v1 of the mandate events has no "term ended": what it says for one (see announceMandateChanged).
  status: m.status === 'ended' ? ('terminated' as const) : m.status,
});

/**
 * True when the caller's own congress manages the person: it registered them or elected one of
 * their mandates. Upper levels see the people of their subtree but do not edit them.
 */
export async function managesPerson(scope: Scope, personId: string): Promise<boolean> {
  const row = await tables(scope.trx)
    .selectFrom('person as p')
    .select('p.id')
    .where('p.id', '=', personId)
    .where((eb) =>
      eb.or([
        eb('p.tenant_path', '=', scope.tenantPath),
        eb.exists(eb.selectFrom('mandate as m').select('m.id').whereRef('m.person_id', '=', 'p.id').where('m.tenant_path', '=', scope.tenantPath)),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

async function requireManaged(scope: Scope, personId: string): Promise<void> {
  if (await managesPerson(scope, personId)) return;
  const visible = await tables(scope.trx).selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst();
  if (visible) throw new Forbidden('only the congress that registered the person or elected one of their mandates may change them; this congress may read them');
  throw new NotFound(`no person ${personId}`);
}

export interface RegisterResult {
  personId: string;
  /** True when the ID number matched a person already registered (by any congress). */
  matched: boolean;
  mandate?: Mandate;
}

/**
 * Registers a deputy: matches the ID number against everyone registered at any level and
 * creates the person only if nobody matches; then adds the mandate, if given.
 */
export async function registerPerson(scope: Scope, secrets: Secrets, fields: PersonFields & { name: string }, mandate?: MandateFields): Promise<RegisterResult> {
  const check = new FieldCheck();
  const normal = checkPersonFields(fields, check);
  if (mandate) checkMandateFields(scope, mandate, check, '/body/mandate');
  check.throwIfAny();

  let personId: string | undefined;
  let hash: Buffer | undefined;
  if (normal.idNumber) {
    hash = secrets.identityHash(normal.idNumber);
    // Serialise registrations of one ID number so two clerks cannot create it twice.
    await sql`select pg_advisory_xact_lock(hashtextextended(${hash.toString('hex')}, 0))`.execute(scope.trx);
    const match = await tables(scope.trx).selectFrom('person_identity').select('person_id').where('id_hash', '=', hash).executeTakeFirst();
    personId = match?.person_id;
  }
  const matched = personId !== undefined;
  if (!personId) {
    const row = await tables(scope.trx)
      .insertInto('person')
      .values({
        tenant_path: scope.tenantPath,
        name: fields.name.trim(),
        gender: normal.gender ?? null,
        ethnicity: normal.ethnicity ?? null,
        birth_month: normal.birthMonth ?? null,
        occupation: fields.occupation ?? null,
        workplace: fields.workplace ?? null,
        is_farmer: fields.isFarmer ?? false,
        photo_url: fields.photoUrl ?? null,
        public_contact: fields.publicContact ?? null,
        published: fields.published ?? true,
        user_id: fields.userId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'person_user_id_key')) throw invalid('/body/userId', 'is already linked to another person');
        throw error;
      });
    personId = row.id;
    await tables(scope.trx)
      .insertInto('person_private')
      .values({
        person_id: row.id,
        tenant_path: scope.tenantPath,
        id_number_cipher: normal.idNumber ? secrets.encrypt(normal.idNumber) : null,
        phone_cipher: normal.phone ? secrets.encrypt(normal.phone) : null,
      })
      .execute();
    if (hash) await tables(scope.trx).insertInto('person_identity').values({ id_hash: hash, person_id: row.id }).execute();
    const person = toPerson(row);
    await record(scope, 'person', row.id, 'created', { ...publicChanges(person), idNumber: normal.idNumber ? 'set' : undefined, phone: normal.phone ? 'set' : undefined });
    await emit(scope, PersonCreated, personEventData(person));
  }
  const result: RegisterResult = { personId, matched };
  if (mandate) result.mandate = await insertMandate(scope, personId, mandate);
  return result;
}

const publicChanges = (p: Person) => ({
  name: p.name,
  gender: p.gender,
  ethnicity: p.ethnicity,
  birthMonth: p.birthMonth,
  occupation: p.occupation,
  workplace: p.workplace,
  isFarmer: p.isFarmer,
  published: p.published,
});

async function insertMandate(scope: Scope, personId: string, fields: MandateFields): Promise<Mandate> {
  const row = await tables(scope.trx)
    .insertInto('mandate')
    .values({
      person_id: personId,
      tenant_path: scope.tenantPath,
      level: fields.level,
      term: fields.term.trim(),
      delegation: fields.delegation ?? null,
      constituency: fields.constituency ?? null,
      start_date: fields.startDate,
      end_date: fields.endDate ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'mandate_person_id_tenant_path_level_term_key')) {
        throw new Conflict(`the person already holds a ${fields.level} mandate of term ${fields.term} of this congress`);
      }
      if (isUniqueViolation(error, 'mandate_one_active_per_level')) {
        throw new Conflict(`the person already holds an active ${fields.level} mandate (one seat per level at a time); end it first`);
      }
      throw error;
    });
  const mandate = toMandate(row);
  await record(scope, 'mandate', mandate.id, 'created', { personId, ...fields });
  await emit(scope, MandateCreated, mandateEventData(mandate));
  return mandate;
}

/** Adds a mandate elected by the caller's congress to a person it manages. */
export async function addMandate(scope: Scope, personId: string, fields: MandateFields): Promise<Mandate> {
  const check = new FieldCheck();
  checkMandateFields(scope, fields, check);
  check.throwIfAny();
  await requireManaged(scope, personId);
  return insertMandate(scope, personId, fields);
}

export async function updatePerson(scope: Scope, secrets: Secrets, personId: string, fields: PersonFields): Promise<Person> {
  const check = new FieldCheck();
  const normal = checkPersonFields(fields, check);
  check.throwIfAny();
  await requireManaged(scope, personId);
  const t = tables(scope.trx);
  const before = toPerson(await t.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirstOrThrow());
  const wanted: Partial<Person> = {
    name: fields.name?.trim(),
    gender: normal.gender,
    ethnicity: normal.ethnicity,
    birthMonth: normal.birthMonth,
    occupation: fields.occupation,
    workplace: fields.workplace,
    isFarmer: fields.isFarmer,
    photoUrl: fields.photoUrl,
    publicContact: fields.publicContact,
    published: fields.published,
    userId: fields.userId,
  };
  const changes = diff(before as unknown as Record<string, unknown>, wanted as Record<string, unknown>);
  if (changes.photoUrl && before.photo) {
    throw new Conflict('the person has an uploaded photo: remove it first (DELETE /persons/{id}/photo), or upload the new one (PUT /persons/{id}/photo)');
  }
  let after = before;
  if (Object.keys(changes).length > 0) {
    const row = await t
      .updateTable('person')
      .set({
        ...(wanted.name !== undefined && { name: wanted.name }),
        ...(wanted.gender !== undefined && { gender: wanted.gender }),
        ...(wanted.ethnicity !== undefined && { ethnicity: wanted.ethnicity }),
        ...(wanted.birthMonth !== undefined && { birth_month: wanted.birthMonth }),
        ...(wanted.occupation !== undefined && { occupation: wanted.occupation }),
        ...(wanted.workplace !== undefined && { workplace: wanted.workplace }),
        ...(wanted.isFarmer !== undefined && { is_farmer: wanted.isFarmer }),
        ...(wanted.photoUrl !== undefined && { photo_url: wanted.photoUrl }),
        ...(wanted.publicContact !== undefined && { public_contact: wanted.publicContact }),
        ...(wanted.published !== undefined && { published: wanted.published }),
        ...(wanted.userId !== undefined && { user_id: wanted.userId }),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', personId)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'person_user_id_key')) throw invalid('/body/userId', 'is already linked to another person');
        throw error;
      });
    after = toPerson(row);
  }
  // Private values: compared after decryption, recorded in history only as "changed".
  if (normal.idNumber !== undefined || normal.phone !== undefined) {
    const current = await t.selectFrom('person_private').selectAll().where('person_id', '=', personId).executeTakeFirst();
    const currentId = current?.id_number_cipher ? secrets.decrypt(current.id_number_cipher) : null;
    const currentPhone = current?.phone_cipher ? secrets.decrypt(current.phone_cipher) : null;
    const set: { id_number_cipher?: string | null; phone_cipher?: string | null } = {};
    if (normal.idNumber !== undefined && normal.idNumber !== currentId) {
      await t.deleteFrom('person_identity').where('person_id', '=', personId).execute();
      if (normal.idNumber) {
        const hash = secrets.identityHash(normal.idNumber);
        await sql`select pg_advisory_xact_lock(hashtextextended(${hash.toString('hex')}, 0))`.execute(scope.trx);
        await t
          .insertInto('person_identity')
          .values({ id_hash: hash, person_id: personId })
          .execute()
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) throw new Conflict('another registered person has this ID number: register the mandate with that ID number instead (the two are one person)');
            throw error;
          });
      }
      set.id_number_cipher = normal.idNumber ? secrets.encrypt(normal.idNumber) : null;
      changes.idNumber = 'changed';
    }
    if (normal.phone !== undefined && normal.phone !== currentPhone) {
      set.phone_cipher = normal.phone ? secrets.encrypt(normal.phone) : null;
      changes.phone = 'changed';
    }
    if (Object.keys(set).length > 0) {
      if (current) await t.updateTable('person_private').set({ ...set, updated_at: sql<Date>`now()` }).where('person_id', '=', personId).execute();
      else await t.insertInto('person_private').values({ person_id: personId, tenant_path: scope.tenantPath, id_number_cipher: null, phone_cipher: null, ...set }).execute();
    }
  }
  if (Object.keys(changes).length > 0) {
    await record(scope, 'person', personId, 'changed', changes);
    await announcePersonChanged(scope, after, Object.keys(changes));
  }
  return after;
}

/** May this caller read the person's private data? */
function entitledToPrivate(principal: Principal, managed: boolean): boolean {
  // `managed` is exactly "own congress registered them or elected a mandate".
  return managed && (principal.roles.includes('staff') || principal.roles.includes('admin'));
}

export async function getPerson(scope: Scope, secrets: Secrets, principal: Principal, personId: string): Promise<PersonDetail> {
  const t = tables(scope.trx);
  const row = await t.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!row) throw new NotFound(`no person ${personId}`);
  const person = toPerson(row);
  const mandates = (await t.selectFrom('mandate').selectAll().where('person_id', '=', personId).orderBy('start_date').execute()).map(toMandate);
  const groups = await t
    .selectFrom('group_member as gm')
    .innerJoin('mixed_group as g', 'g.id', 'gm.group_id')
    .select(['gm.group_id as groupId', 'g.name', 'gm.role', 'gm.joined_on as joinedOn', 'gm.left_on as leftOn'])
    .where('gm.person_id', '=', personId)
    .execute();
  const managed = await managesPerson(scope, personId);
  const detail: PersonDetail = { ...person, mandates, groups, managed };
  if (entitledToPrivate(principal, managed)) {
    const priv = await t.selectFrom('person_private').selectAll().where('person_id', '=', personId).executeTakeFirst();
    detail.private = {
      idNumber: priv?.id_number_cipher ? secrets.decrypt(priv.id_number_cipher) : null,
      phone: priv?.phone_cipher ? secrets.decrypt(priv.phone_cipher) : null,
    };
  }
  return detail;
}

export interface PersonFilter {
  q?: string;
  level?: DeputyLevel;
  /** Mandate status; default active. 'any' lists people whatever their mandates. */
  status?: MandateStatus | 'any';
  /** Only mandates elected by this congress or below (within the caller's subtree). */
  tenantPath?: string;
  constituency?: string;
  term?: string;
  limit: number;
  offset: number;
}

export interface PersonListItem extends Person {
  mandates: Mandate[];
}

/** People the caller's congress can see, with their visible mandates; filters apply to one mandate. */
export async function listPersons(scope: Scope, filter: PersonFilter): Promise<{ items: PersonListItem[]; total: number }> {
  const t = tables(scope.trx);
  const status = filter.status ?? 'active';
  let query = t.selectFrom('person as p');
  const grams = filter.q ? queryGrams(filter.q) : [];
  if (grams.length > 0) {
    query = query.where('p.id', 'in', (eb) =>
      eb
        .selectFrom('public_profile as pp')
        .select('pp.person_id')
        .where(sql<boolean>`pp.name_grams @> ${sql.val(grams)}::text[]`)
        .where('pp.name', 'like', `%${likeLiteral(filter.q!.replace(/\s+/g, ''))}%`),
    );
  }
  const mandateFilter = status !== 'any' || filter.level || filter.tenantPath || filter.constituency || filter.term;
  if (mandateFilter) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('mandate as m')
          .select('m.id')
          .whereRef('m.person_id', '=', 'p.id')
          .$if(status !== 'any', (q) => q.where('m.status', '=', status as MandateStatus))
          .$if(filter.level !== undefined, (q) => q.where('m.level', '=', filter.level!))
          .$if(filter.tenantPath !== undefined, (q) => q.where(inSubtree('m.tenant_path', filter.tenantPath!)))
          .$if(filter.constituency !== undefined, (q) => q.where('m.constituency', '=', filter.constituency!))
          .$if(filter.term !== undefined, (q) => q.where('m.term', '=', filter.term!)),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    query.selectAll('p').orderBy('p.name').orderBy('p.id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const mandates = ids.length === 0 ? [] : await t.selectFrom('mandate').selectAll().where('person_id', 'in', ids).orderBy('start_date').execute();
  const byPerson = new Map<string, Mandate[]>();
  for (const m of mandates) byPerson.set(m.person_id, [...(byPerson.get(m.person_id) ?? []), toMandate(m)]);
  return { items: rows.map((r) => ({ ...toPerson(r), mandates: byPerson.get(r.id) ?? [] })), total: Number(count.n) };
}

async function requireOwnMandate(scope: Scope, mandateId: string): Promise<Mandate> {
  const row = await tables(scope.trx).selectFrom('mandate').selectAll().where('id', '=', mandateId).executeTakeFirst();
  if (!row) throw new NotFound(`no mandate ${mandateId}`);
  if (row.tenant_path !== scope.tenantPath) throw new Forbidden('a mandate is changed only by the congress that elected it');
  return toMandate(row);
}

export interface MandatePatch {
  term?: string;
  delegation?: string | null;
  constituency?: string | null;
  startDate?: string;
  endDate?: string | null;
}

export async function updateMandate(scope: Scope, mandateId: string, patch: MandatePatch): Promise<Mandate> {
  const before = await requireOwnMandate(scope, mandateId);
  if (before.status !== 'active') throw new Conflict(`the mandate has ended (${before.status}); ended mandates are kept as they were`);
  const check = new FieldCheck();
  checkMandateFields(scope, { startDate: patch.startDate ?? before.startDate, endDate: patch.endDate === undefined ? before.endDate : patch.endDate }, check);
  check.throwIfAny();
  const changes = diff(before as unknown as Record<string, unknown>, patch as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return before;
  const row = await tables(scope.trx)
    .updateTable('mandate')
    .set({
      ...(patch.term !== undefined && { term: patch.term.trim() }),
      ...(patch.delegation !== undefined && { delegation: patch.delegation }),
      ...(patch.constituency !== undefined && { constituency: patch.constituency }),
      ...(patch.startDate !== undefined && { start_date: patch.startDate }),
      ...(patch.endDate !== undefined && { end_date: patch.endDate }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', mandateId)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict('the person already holds a mandate of this level and term of this congress');
      throw error;
    });
  const after = toMandate(row);
  await record(scope, 'mandate', mandateId, 'changed', changes);
  const fieldMap: Record<string, 'term' | 'delegation' | 'constituency' | 'startDate' | 'endDate'> = { term: 'term', delegation: 'delegation', constituency: 'constituency', startDate: 'startDate', endDate: 'endDate' };
  const changedFields = Object.keys(changes).map((k) => fieldMap[k]!).filter(Boolean);
  await announceMandateChanged(scope, after, changedFields);
  return after;
}

/** Ends a mandate: the term ran out, the deputy resigned (辞职), or the mandate was terminated (终止). */
export async function endMandate(scope: Scope, mandateId: string, endDate: string, reason: 'term-ended' | 'resigned' | 'terminated'): Promise<Mandate> {
  const before = await requireOwnMandate(scope, mandateId);
  if (before.status !== 'active') throw new Conflict(`the mandate has already ended (${before.status})`);
  if (endDate < before.startDate) throw invalid('/body/endDate', `must not be before the mandate's start (${before.startDate})`);
  const status: MandateStatus = reason === 'term-ended' ? 'ended' : reason;
  const row = await tables(scope.trx)
    .updateTable('mandate')
    .set({ status, end_date: endDate, end_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', mandateId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'mandate', mandateId, 'ended', { endDate, reason });
  await emit(scope, MandateEnded, { mandateId, personId: before.personId, endDate, reason });
  const after = toMandate(row);
  await announceMandateChanged(scope, after, before.endDate === endDate ? ['status'] : ['status', 'endDate']);
  return after;
}

export async function listMandates(scope: Scope, filter: { personId?: string; tenantPath?: string; level?: DeputyLevel; status?: MandateStatus; limit: number; offset: number }): Promise<Mandate[]> {
  const rows = await tables(scope.trx)
    .selectFrom('mandate')
    .selectAll()
    .$if(filter.personId !== undefined, (q) => q.where('person_id', '=', filter.personId!))
    .$if(filter.tenantPath !== undefined, (q) => q.where(inSubtree('tenant_path', filter.tenantPath!)))
    .$if(filter.level !== undefined, (q) => q.where('level', '=', filter.level!))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
    .orderBy('tenant_path')
    .orderBy('start_date')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(toMandate);
}

export async function personHistory(scope: Scope, entity: string, entityId: string) {
  const rows = await tables(scope.trx).selectFrom('history').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute();
  return rows.map((r) => ({ at: iso(r.at), tenantPath: r.tenant_path, action: r.action, actor: r.actor_id ? { userId: r.actor_id, name: r.actor_name } : null, changes: r.changes }));
}

// ---------------------------------------------------------------- photo

export const PERSON_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Where the public photo route answers, as clients reach it (`base` is REGISTRY_PUBLIC_PATH). */
export const publicPhotoUrl = (base: string, personId: string, photoKey: string) => `${base}/public/profiles/${personId}/photo?v=${photoKey.split('/').at(-1)!.split('.')[0]}`;

/**
 * Uploads a person's photo (already checked by its bytes), replacing the one before: photoUrl
 * becomes the public photo route's URL. Returns the person and the storage key of the replaced
 * file, to delete once the transaction has committed.
 */
export async function setPersonPhoto(
  scope: Scope,
  storage: FileStorage,
  personId: string,
  photo: { data: Buffer; mime: string; ext: string },
  publicBase: string,
): Promise<{ person: Person; replacedKey: string | null }> {
  await requireManaged(scope, personId);
  const t = tables(scope.trx);
  const before = await t.selectFrom('person').selectAll().where('id', '=', personId).forUpdate().executeTakeFirstOrThrow();
  const key = `persons/${personId}/${crypto.randomUUID()}.${photo.ext}`;
  // Stored first: a crash after this leaves an orphan file, never a row pointing at nothing.
  await storage.put(key, photo.data, photo.mime);
  const photoUrl = publicPhotoUrl(publicBase, personId, key);
  const row = await t
    .updateTable('person')
    .set({ photo_key: key, photo_content_type: photo.mime, photo_byte_size: photo.data.length, photo_uploaded_at: sql<Date>`now()`, photo_url: photoUrl, updated_at: sql<Date>`now()` })
    .where('id', '=', personId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'person', personId, before.photo_key ? 'photo-replaced' : 'photo-uploaded', {
    photoUrl: { from: before.photo_url, to: photoUrl },
    photo: { contentType: photo.mime, byteSize: photo.data.length },
  });
  const person = toPerson(row);
  await announcePersonChanged(scope, person, ['photoUrl']);
  return { person, replacedKey: before.photo_key };
}

/** Removes the uploaded photo; returns the storage key to delete once committed. */
export async function removePersonPhoto(scope: Scope, personId: string): Promise<{ person: Person; removedKey: string }> {
  await requireManaged(scope, personId);
  const t = tables(scope.trx);
  const before = await t.selectFrom('person').selectAll().where('id', '=', personId).forUpdate().executeTakeFirstOrThrow();
  if (!before.photo_key) throw new NotFound(`person ${personId} has no uploaded photo`);
  const row = await t
    .updateTable('person')
    .set({ photo_key: null, photo_content_type: null, photo_byte_size: null, photo_uploaded_at: null, photo_url: null, updated_at: sql<Date>`now()` })
    .where('id', '=', personId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'person', personId, 'photo-removed', { photoUrl: { from: before.photo_url, to: null } });
  const person = toPerson(row);
  await announcePersonChanged(scope, person, ['photoUrl']);
  return { person, removedKey: before.photo_key };
}

/** The uploaded photo of a person the caller sees. */
export async function getPersonPhoto(scope: Scope, storage: FileStorage, personId: string): Promise<{ data: Buffer; contentType: string }> {
  const row = await tables(scope.trx).selectFrom('person').select(['photo_key', 'photo_content_type']).where('id', '=', personId).executeTakeFirst();
  if (!row) throw new NotFound(`no person ${personId}`);
  if (!row.photo_key) throw new NotFound(`person ${personId} has no uploaded photo`);
  const data = await storage.get(row.photo_key);
  if (!data) throw new NotFound(`the photo of person ${personId} is recorded but its file is missing from storage`);
  return { data, contentType: row.photo_content_type! };
}
