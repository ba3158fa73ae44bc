// npm run -w @onenet/suggestions verify-audit [-- --tenant 450000/451100 --id <uuid>]
// Checks every audit chain under a tenant (DATABASE_URL, the runtime role, under row-level
// security; default the whole region). Exit 0 when all verify, 1 when any record was tampered with.
import { parseArgs } from 'node:util';
import { createDb, createPool } from '@onenet/db';
import { verifyAudit } from '../workflow/verify.ts';

const { values } = parseArgs({ options: { tenant: { type: 'string' }, id: { type: 'string' }, url: { type: 'string' } } });
const url = values.url ?? process.env.DATABASE_URL;
if (!url) {
  console.error('verify-audit: set DATABASE_URL (or pass --url postgres://…)');
  process.exit(64);
}
const tenant = values.tenant ?? process.env.SCAN_ROOT_TENANT ?? '450000';
const db = createDb<any>(createPool(url, { max: 2, applicationName: 'suggestions-verify-audit' }));
try {
  const report = await verifyAudit(db, tenant, values.id ? { suggestionId: values.id } : {});
  process.stdout.write(`audit chains under ${tenant}: ${report.items} items, ${report.records} records, ${report.problems.length} problems\n`);
  for (const p of report.problems) process.stdout.write(`TAMPERED ${p.suggestionId} record ${p.seq ?? '-'}: ${p.problem}\n`);
  process.exitCode = report.problems.length ? 1 : 0;
} finally {
  await db.destroy();
}
