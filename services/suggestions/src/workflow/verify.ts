// Verifies every item's audit chain under a tenant: each record's hash over its canonical form,
// each link to its predecessor, and the head the item row remembers.
import { withTenant, type Kysely } from '@onenet/db';
import { verifyChain, type ChainProblem } from '../domain/audit.ts';
import { recordOf } from './queries.ts';

export interface VerifyReport {
  items: number;
  records: number;
  problems: ChainProblem[];
}

export async function verifyAudit(db: Kysely<any>, tenantPath: string, options: { batch?: number; suggestionId?: string } = {}): Promise<VerifyReport> {
  const batch = options.batch ?? 500;
  const report: VerifyReport = { items: 0, records: 0, problems: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await withTenant(db, tenantPath, async (trx) => {
      let query = trx.selectFrom('suggestions.suggestions').select(['id', 'audit_seq', 'audit_head']).where('id', '>', after).orderBy('id').limit(batch);
      if (options.suggestionId) query = query.where('id', '=', options.suggestionId);
      const items = await query.execute();
      if (items.length === 0) return true;
      const rows = await trx.selectFrom('suggestions.transitions').selectAll().where('suggestion_id', 'in', items.map((i) => i.id)).orderBy('suggestion_id').orderBy('seq').execute();
      const bySuggestion = new Map<string, ReturnType<typeof recordOf>[]>();
      for (const row of rows) {
        const list = bySuggestion.get(row.suggestion_id) ?? [];
        list.push(recordOf(row));
        bySuggestion.set(row.suggestion_id, list);
      }
      for (const item of items) {
        const records = bySuggestion.get(item.id) ?? [];
        report.items++;
        report.records += records.length;
        report.problems.push(...verifyChain(item.id, records, { seq: item.audit_seq, hash: item.audit_head }));
      }
      after = items.at(-1)!.id;
      return items.length < batch;
    });
    if (done) return report;
  }
}
