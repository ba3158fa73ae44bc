// Statistics for the leaders' dashboard: one congress's whole subtree for one year — items by
// state, kind and deputy level, each handling unit's rates, and each congress directly below.
// Drafts and items still collecting co-signatures are the deputies' own and are not counted.
import { sql } from 'kysely';
import { children, getTenant } from '@onenet/tenancy';
import type { State } from '../domain/workflow.ts';
import type { Trx } from './engine.ts';

type Kind = 'motion' | 'suggestion' | 'letter';
type Level = 'national' | 'region' | 'city' | 'county' | 'township';

export interface UnitStatistics {
  unitId: string;
  unitName: string;
  assigned: number;
  replied: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  solvedRate: number | null;
}

export interface ChildStatistics {
  tenant: string;
  code: string;
  name: string;
  total: number;
  replied: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export interface Statistics {
  tenant: string;
  code: string;
  name: string;
  year: number;
  total: number;
  byState: { state: State; count: number }[];
  byKind: { kind: Kind; count: number }[];
  byLevel: { level: Level; count: number }[];
  byUnit: UnitStatistics[];
  byChildTenant: ChildStatistics[];
}

/** n / d rounded to three places; null when there is nothing to rate. */
export const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

const codeOf = (path: string) => path.split('/').at(-1) ?? path;
const nameOf = (path: string) => getTenant(codeOf(path))?.name ?? path;

/** Counts that make the rates: replied, on time, late without a reply, evaluated, satisfied. */
interface Tally {
  total: number;
  replied: number;
  onTime: number;
  lateUnanswered: number;
  evaluated: number;
  satisfied: number;
}
const emptyTally = (): Tally => ({ total: 0, replied: 0, onTime: 0, lateUnanswered: 0, evaluated: 0, satisfied: 0 });
/** On time: replied by the due date, among the items replied or past their due date unreplied. */
const onTimeRate = (t: Tally) => ratio(t.onTime, t.replied + t.lateUnanswered);

function countBy<K extends string, V extends string>(rows: Record<string, any>[], name: K): ({ count: number } & Record<K, V>)[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row[name], (counts.get(row[name]) ?? 0) + Number(row.n));
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, count]) => ({ [name]: value, count }) as { count: number } & Record<K, V>);
}

/**
 * The statistics of `tenantPath`'s subtree for `year`, within the caller's reach (row-level
 * security applies as well). `today` (Asia/Shanghai) decides which unanswered items are late.
 */
export async function statisticsOf(trx: Trx, tenantPath: string, year: number, today: string): Promise<Statistics> {
  const subtree = sql`(tenant_path = ${tenantPath} or tenant_path like ${`${tenantPath}/%`})`;
  const childStart = tenantPath.length + 2;
  // Row-level security hides how many rows the subtree holds, and the planner, expecting a
  // handful, would look up a year's 100,000 assignments' items one by one: hash them instead.
  await sql`select set_config('enable_nestloop', 'off', true), set_config('work_mem', '32MB', true)`.execute(trx);
  // The narrow tables migration 202611272300 keeps beside the items and assignments (one row
  // each, only what is counted): a city's year is a scan of small rows, not of the items.
  const items = await sql<Record<string, any>>`
    select state, kind, lead_level as level,
      case when tenant_path = ${tenantPath} then null else split_part(substr(tenant_path, ${childStart}), '/', 1) end as child,
      count(*) as n,
      count(*) filter (where replied_on is not null) as replied,
      count(*) filter (where replied_on <= reply_due) as on_time,
      count(*) filter (where replied_on is null and reply_due < ${today}) as late_unanswered,
      count(*) filter (where satisfaction is not null) as evaluated,
      count(*) filter (where satisfaction in ('satisfied', 'basically-satisfied')) as satisfied
    from suggestions.statistics_items
    where year = ${year} and ${subtree} and state not in ('draft', 'co-signing')
    group by 1, 2, 3, 4`.execute(trx);

  // Each unit's assignments of the year (lead, split and co-units; replaced ones left out).
  // Replies, rates and results count for the units that answer: lead and split units.
  const units = await sql<Record<string, any>>`
    select u.unit_id, max(u.unit_name) as unit_name,
      count(*) as assigned,
      count(*) filter (where u.answers and u.first_reply is not null) as replied,
      count(*) filter (where u.answers and u.first_reply <= i.reply_due) as on_time,
      count(*) filter (where u.answers and u.first_reply is null and i.reply_due < ${today}) as late_unanswered,
      count(*) filter (where u.answers and i.satisfaction is not null) as evaluated,
      count(*) filter (where u.answers and i.satisfaction in ('satisfied', 'basically-satisfied')) as satisfied,
      count(*) filter (where u.answers and u.first_reply is not null and i.solved) as solved
    from suggestions.statistics_units u
    join suggestions.statistics_items i on i.suggestion_id = u.suggestion_id and i.year = ${year} and not i.merged
    where u.year = ${year} and u.active and ${sql`(u.tenant_path = ${tenantPath} or u.tenant_path like ${`${tenantPath}/%`})`}
    group by u.unit_id`.execute(trx);

  const total = emptyTally();
  const byChild = new Map<string, Tally>();
  for (const child of children(codeOf(tenantPath))) byChild.set(child.code, emptyTally());
  for (const row of items.rows) {
    const tallies = [total];
    if (row.child) {
      if (!byChild.has(row.child)) byChild.set(row.child, emptyTally());
      tallies.push(byChild.get(row.child)!);
    }
    for (const t of tallies) {
      t.total += Number(row.n);
      t.replied += Number(row.replied);
      t.onTime += Number(row.on_time);
      t.lateUnanswered += Number(row.late_unanswered);
      t.evaluated += Number(row.evaluated);
      t.satisfied += Number(row.satisfied);
    }
  }

  return {
    tenant: tenantPath,
    code: codeOf(tenantPath),
    name: nameOf(tenantPath),
    year,
    total: total.total,
    byState: countBy<'state', State>(items.rows, 'state'),
    byKind: countBy<'kind', Kind>(items.rows, 'kind'),
    byLevel: countBy<'level', Level>(items.rows, 'level'),
    byUnit: units.rows
      .map((u) => {
        const n = (k: string) => Number(u[k]);
        return {
          unitId: u.unit_id as string,
          unitName: u.unit_name as string,
          assigned: n('assigned'),
          replied: n('replied'),
          onTimeRate: ratio(n('on_time'), n('replied') + n('late_unanswered')),
          satisfactionRate: ratio(n('satisfied'), n('evaluated')),
          solvedRate: ratio(n('solved'), n('replied')),
        };
      })
      .sort((a, b) => b.assigned - a.assigned || a.unitName.localeCompare(b.unitName, 'zh')),
    byChildTenant: [...byChild].map(([code, t]) => {
      const path = `${tenantPath}/${code}`;
      return { tenant: path, code, name: nameOf(path), total: t.total, replied: t.replied, onTimeRate: onTimeRate(t), satisfactionRate: ratio(t.satisfied, t.evaluated) };
    }),
  };
}
