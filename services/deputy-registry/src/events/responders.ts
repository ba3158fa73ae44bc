// Request-reply answered by the registry for other services (no caller tenant: public data only).
import { GetPerson, ListMandates } from '@onenet/contracts';
import { RequestFailure } from '@onenet/bus';
import { defineResponder } from '@onenet/kit';
import type { Kysely } from 'kysely';
import { withPublic } from '../db/public.ts';
import { SCHEMA, type RegistryDatabase } from '../db/schema.ts';

const LEVEL_ORDER = ['township', 'county', 'city', 'region', 'national'];

/**
 * A deputy's public identity. `tenantPath` is the electing congress of their most local active
 * mandate (a township deputy who is also a county deputy answers with the township).
 */
export const getPersonResponder = defineResponder(GetPerson, async ({ personId }, ctx) =>
  withPublic(ctx.db as Kysely<RegistryDatabase>, async (trx) => {
    const r = trx.withSchema(SCHEMA);
    const profile = await r.selectFrom('public_profile').select(['person_id', 'name', 'occupation']).where('person_id', '=', personId).executeTakeFirst();
    const mandates = await r.selectFrom('mandate').select(['level', 'tenant_path']).where('person_id', '=', personId).where('status', '=', 'active').execute();
    if (!profile || mandates.length === 0) throw new RequestFailure('not-found', `no deputy ${personId} with an active mandate`);
    const local = mandates.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level))[0]!;
    return { personId, name: profile.name, occupation: profile.occupation, tenantPath: local.tenant_path };
  }),
);

/** The active mandates a person holds on a date. */
export const listMandatesResponder = defineResponder(ListMandates, async ({ personId, activeOn }, ctx) =>
  withPublic(ctx.db as Kysely<RegistryDatabase>, async (trx) => {
    const rows = await trx
      .withSchema(SCHEMA)
      .selectFrom('mandate')
      .select(['id', 'level', 'tenant_path', 'term', 'start_date', 'end_date'])
      .where('person_id', '=', personId)
      .where('status', '=', 'active')
      .where('start_date', '<=', activeOn)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', activeOn)]))
      .execute();
    return {
      mandates: rows.map((m) => ({ mandateId: m.id, level: m.level, electedByTenantPath: m.tenant_path, term: m.term, startDate: m.start_date, endDate: m.end_date })),
    };
  }),
);

export const responders = [getPersonResponder, listMandatesResponder];
