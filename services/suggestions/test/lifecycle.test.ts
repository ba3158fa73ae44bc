// The whole life of one suggestion, driven through the HTTP API with real tokens by the right
// role at each step — and every wrong step refused on the way. Then the audit chain verifies,
// a tampered record is detected, and every step went out as an event.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { waitFor } from '@onenet/bus/testing';
import { verifyAudit } from '../src/workflow/verify.ts';
import { client, clientsFor, PEOPLE, registerUnits, seedDeputy, startIdp, startService, TENANTS, TestClock, UNITS, type Answer, type Client, type Service } from './helpers.ts';

const run = promisify(execFile);
let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;
const clock = new TestClock('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing

let deputy: Client, cosigner: Client, staff: Client, cityStaff: Client, siblingStaff: Client, housing: Client, transport: Client, water: Client, leader: Client;

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp, { clock });
  await seedDeputy(service, PEOPLE.bbDeputy, [{ tenantPath: TENANTS.babu, level: 'county' }]);
  await seedDeputy(service, PEOPLE.hzDeputy, [
    { tenantPath: TENANTS.city, level: 'city' },
    { tenantPath: TENANTS.babu, level: 'county' },
  ]);
  await registerUnits(service, idp);
  [deputy, cosigner, staff, cityStaff, siblingStaff, housing, transport, water, leader] = await clientsFor(service, idp, ['bb-deputy', 'hz-deputy', 'bb-staff', 'hz-staff', 'pg-staff', 'bb-handler', 'bb-handler2', 'bb-handler3', 'bb-leader'] as const);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

/** A 409 problem naming the state and the action. */
function expectIllegal(answer: Answer, state: string, action: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(409);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status: 409, state, action });
  expect(answer.body.detail).toContain(state);
  expect(answer.body.detail).toContain(action);
}

function expectState(answer: Answer, state: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.state).toBe(state);
}

describe('the life of a suggestion', () => {
  let id: string;

  it('is drafted by a deputy with a co-signer, who must confirm before it counts', async () => {
    const created = await deputy.post('/suggestions', {
      kind: 'suggestion',
      period: 'between-sessions',
      title: '关于加快贺街镇至莲塘镇道路改造的建议',
      body: '贺街镇至莲塘镇道路年久失修，群众出行不便。联系人电话13907741234。建议区住建局、交通运输局加快改造。',
      field: '城乡建设',
      coSigners: [PEOPLE.hzDeputy.deputyId],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({ state: 'co-signing', tenantPath: TENANTS.babu, leadName: '覃丽华' });
    expect(created.body.cosigners).toEqual([expect.objectContaining({ deputyId: PEOPLE.hzDeputy.deputyId, status: 'invited' })]);

    expectIllegal(await staff.post(`/suggestions/${id}/register`), 'co-signing', 'register');
    expectIllegal(await housing.post(`/suggestions/${id}/sign-for`), 'co-signing', 'sign-for');
    expectIllegal(await deputy.post(`/suggestions/${id}/evaluate`, { satisfaction: 'satisfied' }), 'co-signing', 'evaluate');
    // The lead deputy cannot confirm for the co-signer.
    expect((await deputy.post(`/suggestions/${id}/cosign`, { confirm: true })).status).toBe(403);

    expectState(await cosigner.post(`/suggestions/${id}/cosign`, { confirm: true }), 'co-signing');
    const seen = await deputy.get(`/suggestions/${id}`);
    expect(seen.body.cosigners[0].status).toBe('confirmed');
  });

  it('is submitted, then registered by staff of its own congress only', async () => {
    expect((await cosigner.post(`/suggestions/${id}/submit`)).status).toBe(403); // not the lead
    expectState(await deputy.post(`/suggestions/${id}/submit`), 'submitted');
    expectIllegal(await deputy.post(`/suggestions/${id}/submit`), 'submitted', 'submit');
    expectIllegal(await housing.post(`/suggestions/${id}/reply`, { category: 'A', body: '已解决', signedBy: '局长', evidence: '—' }), 'submitted', 'reply');
    // A sibling county's staff do not even see it; the city's staff see it but do not work on it.
    expect((await siblingStaff.post(`/suggestions/${id}/register`)).status).toBe(404);
    expect((await cityStaff.get(`/suggestions/${id}`)).status).toBe(200);
    expect((await cityStaff.post(`/suggestions/${id}/register`)).status).toBe(403);

    const registered = await staff.post(`/suggestions/${id}/register`, { comment: '符合立案条件' });
    expectState(registered, 'registered');
    const item = (await staff.get(`/suggestions/${id}`)).body;
    expect(item.number).toBe('2026建0001');
  });

  it('is assigned to a lead unit and a co-unit, who each sign for it', async () => {
    expectIllegal(await housing.post(`/suggestions/${id}/sign-for`), 'registered', 'sign-for');
    const bad = await staff.post(`/suggestions/${id}/assign`, { lead: '00000000-0000-4000-8000-000000000999' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: '/body/lead' })]);

    expectState(await staff.post(`/suggestions/${id}/assign`, { lead: UNITS.housing.id, co: [UNITS.transport.id] }), 'assigned');
    const item = (await staff.get(`/suggestions/${id}`)).body;
    // Assigned Monday 2 March 2026: sign for within 3 working days, reply within three months.
    expect(item.assignments.map((a: any) => [a.unitName, a.role, a.signForDue])).toEqual([
      [UNITS.housing.name, 'lead', '2026-03-05'],
      [UNITS.transport.name, 'co', '2026-03-05'],
    ]);
    expect(item.replyDue).toBe('2026-06-02');

    expect((await water.post(`/suggestions/${id}/sign-for`)).status).toBe(403); // not assigned to this unit
    expectState(await housing.post(`/suggestions/${id}/sign-for`), 'assigned');
    expect((await housing.post(`/suggestions/${id}/sign-for`)).status).toBe(409);
    expectState(await transport.post(`/suggestions/${id}/sign-for`), 'signed-for');
  });

  it('is handled: a meeting with the deputy, the co-unit’s view, an extension within six months', async () => {
    clock.set('2026-03-16T02:00:00Z');
    expectIllegal(await staff.post(`/suggestions/${id}/extension-approval`), 'signed-for', 'approve-extension');
    expectState(
      await housing.post(`/suggestions/${id}/meetings`, { heldOn: '2026-03-13', mode: 'site-visit', participants: '覃丽华代表、住建局副局长', summary: '现场查看道路破损情况' }),
      'handling',
    );
    // The lead unit's reply combines the co-unit's view: not before it is in.
    const early = await housing.post(`/suggestions/${id}/reply`, { category: 'B', body: '已列入计划', signedBy: '局长', followUps: [{ promise: '完成改造', dueOn: '2026-12-31' }] });
    expect(early.status).toBe(409);
    expect(early.body.missingCoUnits).toEqual([UNITS.transport.id]);
    expect((await housing.post(`/suggestions/${id}/co-opinion`, { opinion: '主办单位不能代替协办' })).status).toBe(403);
    expectState(await transport.post(`/suggestions/${id}/co-opinion`, { opinion: '同意纳入2026年农村公路提升改造计划，资金由交通部门统筹。' }), 'handling');

    expectState(await housing.post(`/suggestions/${id}/extension-request`, { months: 2, reason: '需待年度预算批复' }), 'handling');
    expect((await deputy.post(`/suggestions/${id}/extension-approval`)).status).toBe(403);
    expectState(await staff.post(`/suggestions/${id}/extension-approval`, { comment: '同意延期，已告知代表' }), 'extended');
    const item = (await staff.get(`/suggestions/${id}`)).body;
    expect(item.replyDue).toBe('2026-08-03'); // 2 June + 2 months = 2 August, a Sunday → Monday 3 August
    const tooLong = await housing.post(`/suggestions/${id}/extension-request`, { months: 5, reason: '再延期' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('/body/months');
  });

  it('is replied (B, with a dated promise), judged 不满意, handled again and replied a second time', async () => {
    clock.set('2026-05-11T02:00:00Z');
    const aWithoutEvidence = await housing.post(`/suggestions/${id}/reply`, { category: 'A', body: '已解决', signedBy: '局长' });
    expect(aWithoutEvidence.status).toBe(400);
    expect(aWithoutEvidence.body.errors[0].field).toBe('/body/evidence');
    expect((await transport.post(`/suggestions/${id}/reply`, { category: 'B', body: '协办单位不答复', signedBy: '局长', followUps: [{ promise: 'x', dueOn: '2026-12-31' }] })).status).toBe(403);

    const replied = await housing.post(`/suggestions/${id}/reply`, {
      category: 'B',
      body: '您提出的道路改造建议已列入2026年农村公路提升改造计划，计划于年底前完成路面硬化。',
      signedBy: '八步区住建局局长 李强',
      followUps: [{ promise: '年底前完成贺街至莲塘段路面硬化', dueOn: '2026-12-31' }],
    });
    expectState(replied, 'replied');
    expectIllegal(await housing.post(`/suggestions/${id}/reply`, { category: 'B', body: 'x', signedBy: 'x', followUps: [{ promise: 'x', dueOn: '2026-12-31' }] }), 'replied', 'reply');
    expect((await cosigner.post(`/suggestions/${id}/evaluate`, { satisfaction: 'satisfied' })).status).toBe(403); // only the lead deputy

    expectState(await deputy.post(`/suggestions/${id}/evaluate`, { satisfaction: 'dissatisfied', actuallySolved: false, comment: '未见实质进展' }), 're-handling');
    expectIllegal(await deputy.post(`/suggestions/${id}/evaluate`, { satisfaction: 'satisfied' }), 're-handling', 'evaluate');

    clock.set('2026-06-01T02:00:00Z');
    const second = await housing.post(`/suggestions/${id}/second-reply`, {
      category: 'A',
      body: '经再次研究，已于5月底完成贺街至莲塘段路面硬化，群众出行条件明显改善。',
      signedBy: '八步区住建局局长 李强',
      evidence: '竣工验收报告（2026年5月28日）及现场照片',
    });
    expectState(second, 'replied');
    expectState(await deputy.post(`/suggestions/${id}/evaluate`, { satisfaction: 'satisfied', actuallySolved: true }), 'evaluated');
  });

  it('is published without personal data, followed up and closed', async () => {
    expect((await leader.post(`/suggestions/${id}/publish`)).status).toBe(403);
    expect((await client(service).get(`/public/suggestions/${id}`)).status).toBe(404); // not yet published
    expectState(await staff.post(`/suggestions/${id}/publish`), 'published');
    const shown = await client(service).get(`/public/suggestions/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.body).toContain('[电话已隐去]');
    expect(JSON.stringify(shown.body)).not.toContain('13907741234');
    expect(shown.body).toMatchObject({ satisfactionLabel: '满意', resultCategory: 'A', leadName: '覃丽华' });
    expect(shown.body.progress.map((p: any) => p.state)).toContain('published');
    expect(JSON.stringify(shown.body)).not.toContain('bb-staff');

    // The public list is kept for a while (PUBLIC_CACHE_SECONDS): a change behind the service's
    // back is not seen yet; a step of the published item clears what was kept, at once.
    const listed = async () => (await client(service).get('/public/suggestions?limit=20')).body.items.find((i: any) => i.id === id);
    expect((await listed()).state).toBe('published');
    await service.database.db.updateTable('suggestions.suggestions').set({ public_title: '（标题已更正）' }).where('id', '=', id).execute();
    expect((await listed()).title).not.toBe('（标题已更正）');

    expectState(await staff.post(`/suggestions/${id}/follow-up`), 'follow-up');
    expect(await listed()).toMatchObject({ state: 'follow-up', title: '（标题已更正）' });
    expectIllegal(await staff.post(`/suggestions/${id}/publish`), 'follow-up', 'publish');
    const item = (await staff.get(`/suggestions/${id}`)).body;
    const promise = item.followUps.find((f: any) => f.status === 'open');
    const checked = await leader.post(`/suggestions/${id}/follow-ups/${promise.id}/check`, { kept: true, evidence: '2026年12月现场核查，路面已硬化' });
    expectState(checked, 'closed');
    expectIllegal(await staff.post(`/suggestions/${id}/close`), 'closed', 'close');
    expectIllegal(await deputy.post(`/suggestions/${id}/withdraw`, { reason: '撤回' }), 'closed', 'withdraw');
  });

  it('has an audit chain that verifies — by the API and the verify command — and detects tampering', async () => {
    const audit = await staff.get(`/suggestions/${id}/audit`);
    expect(audit.body.verified).toBe(true);
    const actions = audit.body.records.map((r: any) => r.action);
    expect(actions).toEqual([
      'invite-cosigners', 'confirm-cosign', 'submit', 'register', 'assign', 'sign-for', 'sign-for', 'record-meeting', 'give-co-opinion',
      'request-extension', 'approve-extension', 'reply', 'evaluate', 'second-reply', 'evaluate', 'publish', 'start-follow-up', 'check-follow-up',
    ]);
    expect(audit.body.records[1]).toMatchObject({ actorName: '钟明远', actorPart: 'co-signer', fromState: 'co-signing', toState: 'co-signing' });
    expect(audit.body.records[3]).toMatchObject({ actorName: '邓晓燕', actorPart: 'staff', fromState: 'submitted', toState: 'registered', comment: '符合立案条件' });

    // The runtime role cannot change or remove a record.
    const db = service.database.appDb;
    await expect(sql`select set_config('onenet.tenant_path', '450000', false); update suggestions.transitions set comment = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`select set_config('onenet.tenant_path', '450000', false); delete from suggestions.transitions`.execute(db)).rejects.toThrow(/append-only/);

    const script = fileURLToPath(new URL('../src/cli/verify-audit.ts', import.meta.url));
    const good = await run(process.execPath, [script, '--url', service.database.appUrl, '--tenant', '450000']);
    expect(good.stdout).toContain('0 problems');

    // Someone with the database's superuser rewrites history behind the triggers' back.
    await service.database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update suggestions.transitions set comment = '不予立案' where suggestion_id = ${id} and seq = 4`.execute(trx);
    });
    const report = await verifyAudit(service.database.appDb, '450000');
    expect(report.problems).toEqual([expect.objectContaining({ suggestionId: id, seq: 4, problem: expect.stringContaining('altered') })]);
    expect((await staff.get(`/suggestions/${id}/audit`)).body.verified).toBe(false);
    const bad = await run(process.execPath, [script, '--url', service.database.appUrl]).catch((error: { code: number; stdout: string }) => error);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stdout: string }).stdout).toContain(`TAMPERED ${id} record 4`);
  });

  it('sent every step out as an event, through the outbox to NATS', async () => {
    const events = await waitFor(
      async () => {
        const rows = await service.database.db.selectFrom('suggestions.outbox').select(['subject', 'envelope', 'published_at']).orderBy('seq').execute();
        return rows.every((r) => r.published_at) && rows;
      },
      { what: 'the relay to publish the outbox' },
    );
    const v2 = events.filter((e) => e.subject === 'onenet.suggestions.suggestion.transitioned.v2' && e.envelope.data.suggestionId === id);
    expect(v2.map((e) => e.envelope.data.action)).toHaveLength(18);
    expect(events.some((e) => e.subject === 'onenet.suggestions.suggestion.submitted.v1' && e.envelope.data.coSignerPersonIds[0] === PEOPLE.hzDeputy.deputyId)).toBe(true);
    const v1 = events.filter((e) => e.subject === 'onenet.suggestions.suggestion.transitioned.v1');
    expect(v1.map((e) => e.envelope.data.to)).toContain('evaluated');
  });
});
