// Assessment of handling units (绩效考评) per year, and the data of progress and results notices.
// "Actually solved" is counted apart from satisfaction: an item counts as solved when its
// promises were checked and kept, or it was answered A with evidence and nobody (deputy or
// follow-up check) said otherwise — never because the deputy ticked 满意.
import { sql } from 'kysely';
import type { Trx } from './engine.ts';

export interface UnitAssessment {
  unitId: string;
  unitName: string;
  assigned: number;
  led: number;
  signedOnTime: number;
  met: number;
  repliedOnTime: number;
  replied: number;
  evaluated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  categories: { A: number; B: number; C: number; D: number };
  actuallySolved: number;
  promises: number;
  promisesKept: number;
  promisesBroken: number;
  promisesOverdue: number;
  boilerplate: number;
  rates: { signForOnTime: number; meeting: number; replyOnTime: number; satisfaction: number; actuallySolved: number };
  score: number;
  rank: number;
  excellent: boolean;
}

const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);

/** One row per unit that had items of `year` assigned, within the caller's reach (RLS). */
export async function assessUnits(trx: Trx, year: number, today: string, unitId?: string): Promise<UnitAssessment[]> {
  const unitFilter = unitId ? sql`and a.unit_id = ${unitId}` : sql``;
  // One pass over the unit's (or the reach's) assignments of the year; everything else is
  // looked up per assignment by index (uuid equality, which row-level security lets the
  // planner use), never joined back to a set, which misestimated plans turn quadratic.
  const { rows } = await sql<Record<string, any>>`
    with a as materialized (
      select a.unit_id, a.unit_name, (a.role <> 'co') as leads,
        a.signed_for_at is not null and (a.signed_for_at at time zone 'Asia/Shanghai')::date <= a.sign_for_due as signed_on_time,
        s.reply_due, s.result_category, s.satisfaction, s.actually_solved,
        exists (select 1 from suggestions.meetings m where m.suggestion_id = a.suggestion_id and m.unit_id = a.unit_id) as met,
        r.first_reply, r.boilerplate, p.promises, p.kept, p.broken, p.overdue
      from suggestions.assignments a
      join suggestions.suggestions s on s.id = a.suggestion_id
      left join lateral (
        select min(x.replied_on) filter (where x.returned_at is null) as first_reply,
               count(*) filter (where x.boilerplate_of is not null) as boilerplate
        from suggestions.replies x
        where x.suggestion_id = a.suggestion_id and x.unit_id = a.unit_id and x.via_merge_of is null
      ) r on true
      left join lateral (
        select count(*) as promises,
               count(*) filter (where f.status = 'kept') as kept,
               count(*) filter (where f.status = 'broken') as broken,
               count(*) filter (where f.status = 'open' and f.due_on < ${today}) as overdue
        from suggestions.follow_ups f
        where f.suggestion_id = a.suggestion_id and f.unit_id = a.unit_id
      ) p on true
      where s.year = ${year} and a.status <> 'replaced' and s.merged_into is null ${unitFilter}
    )
    select unit_id, max(unit_name) as unit_name,
      count(*) as assigned,
      count(*) filter (where leads) as led,
      count(*) filter (where signed_on_time) as signed_on_time,
      count(*) filter (where leads and met) as met,
      count(*) filter (where leads and satisfaction is not null) as evaluated,
      count(*) filter (where leads and satisfaction = 'satisfied') as satisfied,
      count(*) filter (where leads and satisfaction = 'basically-satisfied') as basically_satisfied,
      count(*) filter (where leads and satisfaction = 'dissatisfied') as dissatisfied,
      count(*) filter (where leads and coalesce(actually_solved, result_category = 'A')) as actually_solved,
      count(*) filter (where leads and first_reply is not null) as replied,
      count(*) filter (where leads and first_reply <= reply_due) as replied_on_time,
      count(*) filter (where leads and first_reply is not null and result_category = 'A') as cat_a,
      count(*) filter (where leads and first_reply is not null and result_category = 'B') as cat_b,
      count(*) filter (where leads and first_reply is not null and result_category = 'C') as cat_c,
      count(*) filter (where leads and first_reply is not null and result_category = 'D') as cat_d,
      coalesce(sum(boilerplate), 0) as boilerplate,
      coalesce(sum(promises), 0) as promises, coalesce(sum(kept), 0) as kept, coalesce(sum(broken), 0) as broken, coalesce(sum(overdue), 0) as overdue
    from a group by unit_id
  `.execute(trx);
  const n = (v: unknown) => Number(v ?? 0);
  const units = rows.map((row): UnitAssessment => {
    const led = n(row.led);
    const evaluated = n(row.evaluated);
    const rates = {
      signForOnTime: rate(n(row.signed_on_time), n(row.assigned)),
      meeting: rate(n(row.met), led),
      replyOnTime: rate(n(row.replied_on_time), led),
      satisfaction: rate(n(row.satisfied) + n(row.basically_satisfied), evaluated),
      actuallySolved: rate(n(row.actually_solved), led),
    };
    // Weights put results before forms: what was solved counts most; boilerplate and broken
    // promises cost points.
    const penalty = Math.min(20, 5 * n(row.boilerplate) + 5 * n(row.broken) + 2 * n(row.overdue));
    const score = Math.max(0, Math.round((10 * rates.signForOnTime + 15 * rates.meeting + 20 * rates.replyOnTime + 20 * rates.satisfaction + 35 * rates.actuallySolved - penalty) * 10) / 10);
    return {
      unitId: row.unit_id,
      unitName: row.unit_name,
      assigned: n(row.assigned),
      led,
      signedOnTime: n(row.signed_on_time),
      met: n(row.met),
      repliedOnTime: n(row.replied_on_time),
      replied: n(row.replied),
      evaluated,
      satisfied: n(row.satisfied),
      basicallySatisfied: n(row.basically_satisfied),
      dissatisfied: n(row.dissatisfied),
      categories: { A: n(row.cat_a), B: n(row.cat_b), C: n(row.cat_c), D: n(row.cat_d) },
      actuallySolved: n(row.actually_solved),
      promises: n(row.promises),
      promisesKept: n(row.kept),
      promisesBroken: n(row.broken),
      promisesOverdue: n(row.overdue),
      boilerplate: n(row.boilerplate),
      rates,
      score,
      rank: 0,
      excellent: false,
    };
  });
  units.sort((a, b) => b.score - a.score || a.unitName.localeCompare(b.unitName, 'zh'));
  const excellentCount = Math.max(1, Math.ceil(units.length * 0.2));
  units.forEach((u, i) => {
    u.rank = i + 1;
    u.excellent = i < excellentCount && u.score >= 80;
  });
  return units;
}

/** Per-unit progress for a month's notice: where each unit's items of the year stand. */
export async function progressRows(trx: Trx, year: number, today: string) {
  const { rows } = await sql<Record<string, any>>`
    select a.unit_name,
      count(*) as assigned,
      count(*) filter (where a.status = 'signed-for') as signed,
      count(*) filter (where s.state in ('signed-for', 'handling', 'extended', 're-handling')) as handling,
      count(*) filter (where s.state in ('replied', 'evaluated', 'published', 'follow-up', 'closed')) as replied,
      count(*) filter (where exists (select 1 from suggestions.meetings m where m.suggestion_id = s.id and m.unit_id = a.unit_id)) as met,
      count(*) filter (where exists (select 1 from suggestions.deadlines d where d.suggestion_id = s.id and d.unit_id = a.unit_id and d.met_at is null and d.cancelled_at is null and d.due_on < ${today})) as overdue
    from suggestions.assignments a join suggestions.suggestions s on s.id = a.suggestion_id
    where s.year = ${year} and a.status <> 'replaced' and a.role <> 'co' and s.merged_into is null
    group by a.unit_name order by a.unit_name`.execute(trx);
  return rows.map((r) => ({
    unit: r.unit_name as string,
    assigned: Number(r.assigned),
    signed: Number(r.signed),
    handling: Number(r.handling),
    replied: Number(r.replied),
    met: Number(r.met),
    overdue: Number(r.overdue),
  }));
}

/** Per-item results after the deadline: category, reply date, satisfaction. */
export async function resultRows(trx: Trx, year: number) {
  const { rows } = await sql<Record<string, any>>`
    select s.number, s.title, s.lead_name, s.result_category, s.replied_on, s.satisfaction, s.actually_solved,
      (select string_agg(a.unit_name, '、' order by a.role, a.unit_name) from suggestions.assignments a where a.suggestion_id = s.id and a.status <> 'replaced' and a.role <> 'co') as units
    from suggestions.suggestions s
    where s.year = ${year} and s.state not in ('draft', 'co-signing', 'submitted', 'not-accepted', 'withdrawn') and s.number is not null
    order by s.number`.execute(trx);
  return rows.map((r) => ({
    number: r.number as string,
    title: r.title as string,
    leadName: r.lead_name as string,
    units: (r.units as string | null) ?? '',
    category: (r.result_category as string | null) ?? '未答复',
    repliedOn: (r.replied_on as string | null) ?? '',
    satisfaction: ({ satisfied: '满意', 'basically-satisfied': '基本满意', dissatisfied: '不满意' } as Record<string, string>)[r.satisfaction as string] ?? '未评价',
    actuallySolved: r.actually_solved === null ? '待核实' : r.actually_solved ? '是' : '否',
  }));
}
