// Bulk import of a deputy roster (代表花名册) into the caller's congress.
//
// All or nothing: the file is validated as a whole and imported only when no row is bad; a dry
// run reports every bad row (row, field, reason) and, when the file is clean, what an import
// would change — it runs the same import in a savepoint and rolls it back, so what it reports is
// what the import will do. Re-importing a file changes nothing: people are matched by their ID
// number's keyed hash (across every level and congress), mandates by (person, congress, level,
// term), and only differing fields are written.
import { MandateCreated, PersonCreated } from '@onenet/contracts';
import { sql } from 'kysely';
import { LEVEL_LABELS } from '../domain/levels.ts';
import { headerOf, validateRoster, type RosterProblem, type RosterRow } from '../domain/roster.ts';
import { Conflict, ProblemError } from '../errors.ts';
import { problemType } from '@onenet/kit';
import { readTable, UnreadableFile } from '../files/read-table.ts';
import type { Secrets } from '../secrets.ts';
import { emit, isUniqueViolation, tables, type Scope } from './scope.ts';
import { announceMandateChanged, announcePersonChanged, toPerson } from './persons.ts';

export interface ImportSummary {
  dryRun: boolean;
  /** Data rows in the file. */
  rows: number;
  problems: RosterProblem[];
  /** What the import did (or, for a clean dry run, would do). */
  changes: {
    personsCreated: number;
    /** People already registered (by this or another congress) and matched by ID number. */
    personsMatched: number;
    personsUpdated: number;
    mandatesCreated: number;
    mandatesUpdated: number;
    unchanged: number;
  } | null;
}

export class RosterRejected extends ProblemError {
  readonly problems: RosterProblem[];
  constructor(problems: RosterProblem[], rows: number) {
    const badRows = new Set(problems.map((p) => p.row)).size;
    super(422, 'Roster rejected', 'roster-rejected', `the roster has ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${badRows} row${badRows === 1 ? '' : 's'}; nothing was imported`, {
      extensions: { rows, problems },
    });
    this.name = 'RosterRejected';
    this.problems = problems;
  }
}

export class UnreadableRoster extends ProblemError {
  constructor(message: string) {
    super(415, 'Unreadable roster', 'unreadable-roster', message, { type: problemType('unreadable-roster') });
  }
}

const CHUNK = 1000;
const chunks = <T>(items: T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Person fields a roster sets, as stored. */
function personValues(row: RosterRow) {
  return {
    name: row.name,
    gender: row.gender,
    ethnicity: row.ethnicity,
    birth_month: row.birthMonth,
    occupation: row.occupation,
    workplace: row.workplace,
    is_farmer: row.isFarmer,
  };
}

async function apply(scope: Scope, secrets: Secrets, rows: RosterRow[], dryRun: boolean): Promise<NonNullable<ImportSummary['changes']>> {
  const t = tables(scope.trx);
  // A dry run is rolled back: its events would be discarded anyway, so they are not built.
  const announce: typeof emit = dryRun ? async () => {} : emit;
  const changes = { personsCreated: 0, personsMatched: 0, personsUpdated: 0, mandatesCreated: 0, mandatesUpdated: 0, unchanged: 0 };
  const history: { entity: string; entity_id: string; action: string; changes: string }[] = [];

  // Several rows of one file may be one person (two levels): one person per ID number.
  const hashes = new Map<string, Buffer>();
  for (const row of rows) if (!hashes.has(row.idNumber)) hashes.set(row.idNumber, secrets.identityHash(row.idNumber));
  // Serialise concurrent imports of this congress, and with single registrations of these people.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`roster:${scope.tenantPath}`}, 0))`.execute(scope.trx);

  const personIdOf = new Map<string, string>();
  for (const part of chunks([...hashes.values()])) {
    const found = await t.selectFrom('person_identity').select(['id_hash', 'person_id']).where('id_hash', 'in', part).execute();
    const byHex = new Map(found.map((f) => [f.id_hash.toString('hex'), f.person_id]));
    for (const [id, hash] of hashes) {
      const personId = byHex.get(hash.toString('hex'));
      if (personId) personIdOf.set(id, personId);
    }
  }

  // New people: ids made here, so rows, private data and identities line up without a read-back.
  const firstRowOf = new Map<string, RosterRow>();
  for (const row of rows) if (!firstRowOf.has(row.idNumber)) firstRowOf.set(row.idNumber, row);
  const fresh = [...firstRowOf.values()].filter((row) => !personIdOf.has(row.idNumber));
  for (const row of fresh) personIdOf.set(row.idNumber, crypto.randomUUID());
  for (const part of chunks(fresh)) {
    await t
      .insertInto('person')
      .values(part.map((row) => ({ id: personIdOf.get(row.idNumber)!, tenant_path: scope.tenantPath, ...personValues(row) })))
      .execute();
    await t
      .insertInto('person_private')
      .values(
        part.map((row) => ({
          person_id: personIdOf.get(row.idNumber)!,
          tenant_path: scope.tenantPath,
          id_number_cipher: secrets.encrypt(row.idNumber),
          phone_cipher: row.phone ? secrets.encrypt(row.phone) : null,
        })),
      )
      .execute();
    await t
      .insertInto('person_identity')
      .values(part.map((row) => ({ id_hash: hashes.get(row.idNumber)!, person_id: personIdOf.get(row.idNumber)! })))
      .execute();
  }
  changes.personsCreated = fresh.length;
  const freshIds = new Set(fresh.map((row) => personIdOf.get(row.idNumber)!));
  for (const row of fresh) {
    const id = personIdOf.get(row.idNumber)!;
    history.push({ entity: 'person', entity_id: id, action: 'created', changes: JSON.stringify({ ...personValues(row), idNumber: 'set', phone: row.phone ? 'set' : undefined, importRow: row.row }) });
    await announce(scope, PersonCreated, { personId: id, name: row.name, gender: row.gender, ethnicity: row.ethnicity, occupation: row.occupation, userId: null });
  }

  // Mandates: existing ones of this congress for these people, by (person, level, term).
  const allIds = [...new Set(personIdOf.values())];
  const existing = new Map<string, { id: string; delegation: string | null; constituency: string | null; start_date: string; status: string; end_date: string | null }>();
  for (const part of chunks(allIds)) {
    const found = await t
      .selectFrom('mandate')
      .select(['id', 'person_id', 'level', 'term', 'delegation', 'constituency', 'start_date', 'status', 'end_date'])
      .where('person_id', 'in', part)
      .where('tenant_path', '=', scope.tenantPath)
      .execute();
    for (const m of found) existing.set(`${m.person_id}|${m.level}|${m.term}`, m);
  }
  const newMandates: (RosterRow & { personId: string; id: string })[] = [];
  for (const row of rows) {
    const personId = personIdOf.get(row.idNumber)!;
    const current = existing.get(`${personId}|${row.level}|${row.term}`);
    if (!current) {
      newMandates.push({ ...row, personId, id: crypto.randomUUID() });
      continue;
    }
    // An ended mandate (resigned, terminated, term over) is history: a roster does not rewrite it.
    if (current.status !== 'active') continue;
    const wanted = { delegation: row.delegation, constituency: row.constituency, start_date: row.startDate };
    const differs = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((k) => (current[k] ?? null) !== (wanted[k] ?? null));
    if (differs.length === 0) continue;
    await t.updateTable('mandate').set({ ...wanted, updated_at: sql<Date>`now()` }).where('id', '=', current.id).execute();
    changes.mandatesUpdated += 1;
    const fieldNames = { delegation: 'delegation', constituency: 'constituency', start_date: 'startDate' } as const;
    history.push({ entity: 'mandate', entity_id: current.id, action: 'changed', changes: JSON.stringify({ ...Object.fromEntries(differs.map((k) => [fieldNames[k], { from: current[k], to: wanted[k] }])), importRow: row.row }) });
    await announceMandateChanged(
      scope,
      { id: current.id, personId, tenantPath: scope.tenantPath, level: row.level, term: row.term, delegation: row.delegation, constituency: row.constituency, startDate: row.startDate, endDate: current.end_date, status: 'active', endReason: null },
      differs.map((k) => fieldNames[k]),
      announce,
    );
  }
  for (const part of chunks(newMandates)) {
    await t
      .insertInto('mandate')
      .values(
        part.map((m) => ({
          id: m.id,
          person_id: m.personId,
          tenant_path: scope.tenantPath,
          level: m.level,
          term: m.term,
          delegation: m.delegation,
          constituency: m.constituency,
          start_date: m.startDate,
        })),
      )
      .execute();
  }
  changes.mandatesCreated = newMandates.length;
  for (const m of newMandates) {
    history.push({ entity: 'mandate', entity_id: m.id, action: 'created', changes: JSON.stringify({ personId: m.personId, level: m.level, term: m.term, constituency: m.constituency, delegation: m.delegation, startDate: m.startDate, importRow: m.row }) });
    await announce(scope, MandateCreated, {
      mandateId: m.id,
      personId: m.personId,
      level: m.level,
      electedByTenantPath: scope.tenantPath,
      term: m.term,
      delegation: m.delegation,
      constituency: m.constituency,
      startDate: m.startDate,
      endDate: null,
      status: 'active',
    });
  }

  // People already registered: now managed through their mandate here; update what differs.
  const known = allIds.filter((id) => !freshIds.has(id));
  changes.personsMatched = known.length;
  const rowOfPerson = new Map([...firstRowOf.values()].map((row) => [personIdOf.get(row.idNumber)!, row]));
  for (const part of chunks(known)) {
    const current = await t.selectFrom('person').selectAll().where('id', 'in', part).execute();
    const privates = await t.selectFrom('person_private').selectAll().where('person_id', 'in', part).execute();
    const privateOf = new Map(privates.map((p) => [p.person_id, p]));
    const byId = new Map(current.map((p) => [p.id, p]));
    for (const id of part) {
      const person = byId.get(id);
      const row = rowOfPerson.get(id)!;
      if (!person) continue; // not visible even now: cannot happen once a mandate of ours exists
      const wanted = personValues(row);
      const differs = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((k) => (person[k] ?? null) !== (wanted[k] ?? null));
      const priv = privateOf.get(id);
      const phoneNow = priv?.phone_cipher ? secrets.decrypt(priv.phone_cipher) : null;
      const phoneChanged = row.phone !== null && row.phone !== phoneNow;
      if (differs.length === 0 && !phoneChanged) continue;
      if (differs.length > 0) await t.updateTable('person').set({ ...Object.fromEntries(differs.map((k) => [k, wanted[k]])), updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
      if (phoneChanged) {
        if (priv) await t.updateTable('person_private').set({ phone_cipher: secrets.encrypt(row.phone!), updated_at: sql<Date>`now()` }).where('person_id', '=', id).execute();
        else await t.insertInto('person_private').values({ person_id: id, tenant_path: scope.tenantPath, id_number_cipher: secrets.encrypt(row.idNumber), phone_cipher: secrets.encrypt(row.phone!) }).execute();
      }
      changes.personsUpdated += 1;
      history.push({
        entity: 'person',
        entity_id: id,
        action: 'changed',
        changes: JSON.stringify({ ...Object.fromEntries(differs.map((k) => [k, { from: person[k], to: wanted[k] }])), ...(phoneChanged && { phone: 'changed' }), importRow: row.row }),
      });
      const fieldOf = { name: 'name', gender: 'gender', ethnicity: 'ethnicity', birth_month: 'birthMonth', occupation: 'occupation', workplace: 'workplace', is_farmer: 'isFarmer' } as const;
      const after = toPerson({ ...person, ...Object.fromEntries(differs.map((k) => [k, wanted[k]])) });
      await announcePersonChanged(scope, after, [...differs.map((k) => fieldOf[k]), ...(phoneChanged ? ['phone'] : [])], announce);
    }
  }

  changes.unchanged = rows.length - changes.mandatesCreated - changes.mandatesUpdated;
  history.push({ entity: 'roster-import', entity_id: scope.tenantPath, action: 'imported', changes: JSON.stringify({ rows: rows.length, ...changes }) });
  for (const part of chunks(history)) {
    await t
      .insertInto('history')
      .values(part.map((h) => ({ ...h, tenant_path: scope.tenantPath, actor_id: scope.actor?.userId ?? null, actor_name: scope.actor?.name ?? null })))
      .execute();
  }
  return changes;
}

/** The person and level of a "one seat per level" conflict, from PostgreSQL's error detail. */
function seatConflict(error: unknown): { personId?: string; level?: string } | undefined {
  const e = error as { code?: string; constraint?: string; detail?: string };
  if (e.code !== '23505' || e.constraint !== 'mandate_one_active_per_level') return undefined;
  const match = /\(person_id, level\)=\(([0-9a-f-]+), (\w+)\)/.exec(e.detail ?? '');
  return { personId: match?.[1], level: match?.[2] };
}

export async function importRoster(scope: Scope, secrets: Secrets, data: Buffer, options: { dryRun: boolean; defaultStartDate?: string }): Promise<ImportSummary> {
  let table;
  try {
    table = await readTable(data);
  } catch (error) {
    if (error instanceof UnreadableFile) throw new UnreadableRoster(error.message);
    throw error;
  }
  const { rows, problems, total } = validateRoster(table, { tenantPath: scope.tenantPath, defaultStartDate: options.defaultStartDate });
  if (problems.length > 0) {
    if (options.dryRun) return { dryRun: true, rows: total, problems, changes: null };
    throw new RosterRejected(problems, total);
  }
  // The dry run does the import and rolls it back: what it reports is exactly what would happen.
  await sql`savepoint roster_import`.execute(scope.trx);
  try {
    const changes = await apply(scope, secrets, rows, options.dryRun);
    if (options.dryRun) await sql`rollback to savepoint roster_import`.execute(scope.trx);
    else await sql`release savepoint roster_import`.execute(scope.trx);
    return { dryRun: options.dryRun, rows: total, problems: [], changes };
  } catch (error) {
    await sql`rollback to savepoint roster_import`.execute(scope.trx);
    if (isUniqueViolation(error, 'person_identity_pkey')) {
      throw new Conflict('one of these deputies was registered by another congress while the file was being imported; import it again');
    }
    const conflict = seatConflict(error);
    if (!conflict) throw error;
    // Which rows: those whose person (by ID number) holds that seat elsewhere.
    const conflicting: RosterProblem[] = [];
    if (conflict.personId) {
      const identity = await tables(scope.trx).selectFrom('person_identity').select('id_hash').where('person_id', '=', conflict.personId).executeTakeFirst();
      for (const row of rows) {
        if (identity && secrets.identityHash(row.idNumber).equals(identity.id_hash) && row.level === conflict.level) {
          conflicting.push({ row: row.row, field: 'level', column: headerOf('level'), reason: `该代表已有另一个有效的${LEVEL_LABELS[row.level]}代表资格（同一层级只能有一个），请先办理原资格终止` });
        }
      }
    }
    if (conflicting.length === 0) {
      conflicting.push({ row: 0, field: 'level', column: headerOf('level'), reason: '有代表已有同一层级的有效代表资格（同一层级只能有一个）' });
    }
    if (options.dryRun) return { dryRun: true, rows: total, problems: conflicting, changes: null };
    throw new RosterRejected(conflicting, total);
  }
}
