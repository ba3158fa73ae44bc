// Deputies as this service knows them: from tokens (deputy_id), the registry's events (kept in
// `deputies` and `mandates`), and — for one not seen yet — the registry's request-reply.
import { sql } from 'kysely';
import { GetPerson, ListMandates, MandateChanged, MandateCreated, MandateEnded, PersonChanged, PersonCreated } from '@onenet/contracts';
import { defineConsumer } from '@onenet/kit';
import { chinaDay } from '../domain/calendar.ts';
import type { Ctx, Trx } from './engine.ts';

export interface Mandate {
  mandate_id: string;
  person_id: string;
  level: string;
  elected_by_tenant_path: string;
  term: string;
  status: string;
  start_date: string;
  end_date: string | null;
}

/** Keeps people and mandates from the registry's events (public data only). */
export const registryConsumer = defineConsumer({
  purpose: 'registry-deputies',
  events: [PersonCreated, PersonChanged, MandateCreated, MandateChanged, MandateEnded],
  async handle(envelope, trx) {
    switch (envelope.type) {
      case 'registry.person.created':
      case 'registry.person.changed': {
        const d = envelope.data;
        await trx
          .insertInto('suggestions.deputies')
          .values({ person_id: d.personId, name: d.name, user_id: d.userId, occupation: d.occupation })
          .onConflict((oc) => oc.column('person_id').doUpdateSet({ name: d.name, user_id: d.userId, occupation: d.occupation, updated_at: sql`now()` }))
          .execute();
        return;
      }
      case 'registry.mandate.created':
      case 'registry.mandate.changed': {
        const d = envelope.data;
        forget(d.personId);
        const row = {
          person_id: d.personId,
          level: d.level,
          elected_by_tenant_path: d.electedByTenantPath,
          term: d.term,
          constituency: d.constituency,
          start_date: d.startDate,
          end_date: d.endDate,
          status: d.status,
        };
        await trx
          .insertInto('suggestions.mandates')
          .values({ mandate_id: d.mandateId, ...row })
          .onConflict((oc) => oc.column('mandate_id').doUpdateSet({ ...row, updated_at: sql`now()` }))
          .execute();
        return;
      }
      case 'registry.mandate.ended': {
        const d = envelope.data;
        recentMandates.clear(); // the event names the mandate, not its person
        await trx
          .updateTable('suggestions.mandates')
          .set({ end_date: d.endDate, status: d.reason === 'term-ended' ? 'ended' : d.reason, updated_at: sql`now()` })
          .where('mandate_id', '=', d.mandateId)
          .execute();
        return;
      }
    }
  },
});

/**
 * The mandates read lately, for a few seconds: in a session's peak a deputy submits several
 * items in a row, and each submission would otherwise spend a round trip on them. The table is
 * itself a copy kept from the registry's events (seconds behind it); the registry's events
 * reaching this instance drop the person's entry at once.
 */
const RECENT_MS = 10_000;
const RECENT_MAX = 20_000;
const recentMandates = new Map<string, { until: number; day: string; mandates: Mandate[] }>();
const forget = (personId: string) => recentMandates.delete(personId);

/** A person's mandates active on a day; asks the registry when none are known here yet. */
export async function activeMandates(ctx: Ctx, trx: Trx, personId: string): Promise<Mandate[]> {
  const today = chinaDay(ctx.clock.now());
  const now = Date.now();
  const recent = recentMandates.get(personId);
  if (recent && recent.until > now && recent.day === today) return recent.mandates;
  const known = (await trx
    .selectFrom('suggestions.mandates')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .where('start_date', '<=', today)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .execute()) as Mandate[];
  if (known.length > 0) {
    if (recentMandates.size >= RECENT_MAX) {
      for (const [id, entry] of recentMandates) if (entry.until <= now) recentMandates.delete(id);
      if (recentMandates.size >= RECENT_MAX) recentMandates.clear();
    }
    recentMandates.set(personId, { until: now + RECENT_MS, day: today, mandates: known });
    return known;
  }
  try {
    const answer = await ctx.call(ListMandates, { personId, activeOn: today }, { timeoutMs: 2000 });
    return answer.mandates.map((m) => ({
      mandate_id: m.mandateId,
      person_id: personId,
      level: m.level,
      elected_by_tenant_path: m.electedByTenantPath,
      term: m.term,
      status: 'active',
      start_date: m.startDate,
      end_date: m.endDate,
    }));
  } catch (error) {
    ctx.log.warn({ err: error, personId }, 'registry did not answer list-mandates; no mandates known');
    return [];
  }
}

/** A deputy's name from the registry's events, or its request-reply, or undefined. */
export async function deputyName(ctx: Ctx, trx: Trx, personId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('suggestions.deputies').select('name').where('person_id', '=', personId).executeTakeFirst();
  if (row) return row.name as string;
  try {
    return (await ctx.call(GetPerson, { personId }, { timeoutMs: 2000 })).name;
  } catch {
    return undefined;
  }
}
