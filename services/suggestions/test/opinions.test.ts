// Constituent opinions: anyone sends one without login; oversize files, wrong types and floods
// are refused with clear errors; nothing accepted is lost; deputies triage, the congress sends
// it to a unit, the unit answers, the sender reads the answer by receipt code; an opinion
// becomes a deputy's suggestion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@onenet/bus/testing';
import { OpinionHandled } from '@onenet/contracts';
import { clientsFor, PEOPLE, registerUnits, seedDeputy, startIdp, startService, TENANTS, UNITS, type Client, type Service } from './helpers.ts';

let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;
let hejie: Client, daning: Client, staff: Client, housing: Client, liaison: Client;
const RATE_LIMIT = 12;

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp, {
    env: { ATTACHMENT_MAX_BYTES: '100000', VIDEO_MAX_BYTES: '300000', OPINION_FILES_MAX: '3', OPINION_RATE_LIMIT: String(RATE_LIMIT), OPINION_RATE_WINDOW_MS: '600000' },
  });
  await seedDeputy(service, PEOPLE.hejieDeputy, [{ tenantPath: TENANTS.hejie, level: 'township' }]);
  await registerUnits(service, idp);
  [hejie, daning, staff, housing, liaison] = await clientsFor(service, idp, ['hejie-deputy', 'dn-deputy', 'bb-staff', 'bb-handler', 'hejie-liaison'] as const);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const png = (size = 200) => Buffer.concat([PNG_SIGNATURE, Buffer.alloc(Math.max(0, size - PNG_SIGNATURE.length))]);
const mp4 = (size: number) => Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(size)]);
const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]);

async function send(fields: Record<string, string>, files: { name: string; data: Buffer; type?: string }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', new Blob([f.data], { type: f.type ?? 'application/octet-stream' }), f.name);
  const response = await fetch(`${service.url}/public/opinions`, { method: 'POST', body: form });
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, body: (await response.json()) as any };
}

const follow = async (receipt: string) => {
  const response = await fetch(`${service.url}/public/opinions/${receipt}`);
  return { status: response.status, body: (await response.json()) as any };
};

const accepted: string[] = [];

describe('constituent opinions', () => {
  let opinionId: string;

  it('accepts an opinion with a photo and a short video, without login, and gives a receipt code', async () => {
    const answer = await send(
      { township: '451102101', body: '贺街镇河东村路灯坏了半年，晚上出行不安全。', name: '李大爷', contact: '13800001111' },
      [{ name: '路灯.png', data: png(), type: 'image/png' }, { name: 'clip.mp4', data: mp4(200_000), type: 'video/mp4' }],
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ township: '贺街镇', status: 'received', files: 2, receiptCode: expect.stringMatching(/^[2-9A-HJKMNP-Z]{12}$/) });
    accepted.push(answer.body.receiptCode);
    opinionId = answer.body.id;
    const followed = await follow(answer.body.receiptCode);
    expect(followed.body).toMatchObject({ township: '贺街镇', status: 'received', statusLabel: '已收到，待代表处理' });
    expect(JSON.stringify(followed.body)).not.toContain('13800001111');
  });

  it('refuses oversize files, wrong types and bad fields with clear problem documents', async () => {
    const bigPhoto = await send({ township: '451102101', body: '照片太大' }, [{ name: 'big.png', data: png(150_000), type: 'image/png' }]);
    expect(bigPhoto.status).toBe(413);
    expect(bigPhoto.type).toContain('application/problem+json');
    expect(bigPhoto.body.detail).toContain('100000 bytes');
    expect(bigPhoto.body.errors[0].field).toBe('/body/files/0');

    const bigVideo = await send({ township: '451102101', body: '视频太大' }, [{ name: 'long.mp4', data: mp4(400_000), type: 'video/mp4' }]);
    expect(bigVideo.status).toBe(413);
    expect(bigVideo.body.detail).toContain('300000 bytes');

    // Named .png and sent as image/png, but the bytes are a Windows program.
    const disguised = await send({ township: '451102101', body: '类型不对' }, [{ name: 'photo.png', data: exe(), type: 'image/png' }]);
    expect(disguised.status).toBe(415);
    expect(disguised.body.detail).toContain('not accepted');
    expect(disguised.body.errors[0].field).toBe('/body/files/0');

    const tooMany = await send({ township: '451102101', body: '文件太多' }, [1, 2, 3, 4].map((i) => ({ name: `${i}.png`, data: png(), type: 'image/png' })));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.detail).toContain('at most 3 files');

    const fields = await send({ township: '451102', body: '' });
    expect(fields.status).toBe(400);
    expect(fields.body.errors.map((e: any) => e.field)).toEqual(['/body/township', '/body/body']);

    const json = await fetch(`${service.url}/public/opinions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);

    // Nothing refused was kept.
    const stored = await service.database.db.selectFrom('suggestions.opinions').select('id').execute();
    expect(stored).toHaveLength(1);
  });

  it('is triaged by the area’s deputy, sent by the congress to a unit, answered, and the sender reads the answer', async () => {
    // A deputy of another township does not see it.
    expect((await daning.get(`/opinions/${opinionId}`)).status).toBe(404);
    expect((await hejie.get('/opinions')).body.items.map((o: any) => o.id)).toEqual([opinionId]);
    expect((await liaison.get('/opinions')).body.items.map((o: any) => o.id)).toEqual([opinionId]);
    expect((await daning.get('/opinions')).body.items).toEqual([]);
    expect((await staff.get('/opinions')).body.items.map((o: any) => o.id)).toEqual([opinionId]); // the county, above both
    expect((await liaison.get(`/opinions/${opinionId}`)).body.files).toHaveLength(2);
    expect((await hejie.post(`/opinions/${opinionId}/send-to-unit`, { unitId: UNITS.housing.id })).status).toBe(403);
    expect((await staff.post(`/opinions/${opinionId}/send-to-unit`, { unitId: UNITS.housing.id })).status).toBe(409); // not forwarded yet

    expect((await hejie.post(`/opinions/${opinionId}/forward`, { note: '路灯属区住建局管理，请转办' })).body.status).toBe('forwarded');
    expect((await staff.post(`/opinions/${opinionId}/send-to-unit`, { unitId: UNITS.housing.id })).body.status).toBe('sent-to-unit');
    expect((await housing.get('/opinions')).body.items.map((o: any) => o.id)).toEqual([opinionId]);
    expect((await housing.post(`/opinions/${opinionId}/answer`, { answer: '已安排维修，路灯于3日内恢复。' })).body.status).toBe('answered');
    const reject = await hejie.post(`/opinions/${opinionId}/reject`, { reason: '晚了' });
    expect(reject.status).toBe(409);
    expect(reject.body).toMatchObject({ state: 'answered', action: 'reject' });

    const followed = await follow(accepted[0]!);
    expect(followed.body).toMatchObject({ status: 'answered', answer: '已安排维修，路灯于3日内恢复。' });
    expect(followed.body.steps.map((s: any) => s.status)).toEqual(['received', 'forwarded', 'sent-to-unit', 'answered']);

    // The outcomes leave on this service's own stream (the registry counts them as duties).
    expect(OpinionHandled.subject).toBe('onenet.suggestions.opinion.handled.v1');
    expect(OpinionHandled.stream.name).toBe('ONENET_SUGGESTIONS');
    await waitFor(
      async () => {
        const rows = await service.database.db.selectFrom('suggestions.outbox').select(['envelope', 'published_at']).where('subject', '=', OpinionHandled.subject).execute();
        const outcomes = rows.filter((r) => (r.envelope as any).data.opinionId === opinionId && r.published_at).map((r) => (r.envelope as any).data.outcome);
        return outcomes.length === 3 && outcomes.includes('answered');
      },
      { what: 'the opinion’s outcomes published' },
    );
  });

  it('merges a repeated opinion, rejects one with a reason, and turns one into a deputy’s suggestion', async () => {
    const again = await send({ township: '451102101', body: '河东村路灯不亮。' });
    const other = await send({ township: '451102101', body: '想咨询个人退休金问题。' });
    const market = await send({ township: '451102101', body: '贺街镇集市没有公共厕所，赶集日很不方便，希望代表反映。' });
    accepted.push(again.body.receiptCode, other.body.receiptCode, market.body.receiptCode);
    expect((await hejie.post(`/opinions/${again.body.id}/merge`, { into: opinionId })).body.status).toBe('merged');
    expect((await hejie.post(`/opinions/${other.body.id}/reject`, { reason: '属个人事项，请向社保部门咨询' })).body.status).toBe('rejected');
    expect((await follow(other.body.receiptCode)).body).toMatchObject({ status: 'rejected', rejectReason: '属个人事项，请向社保部门咨询' });

    const turned = await hejie.post(`/opinions/${market.body.id}/to-suggestion`, { title: '关于在贺街镇集市建设公共厕所的建议', period: 'between-sessions' });
    expect(turned.status, JSON.stringify(turned.body)).toBe(200);
    expect(turned.body.suggestion).toMatchObject({ state: 'draft', opinionId: market.body.id, tenantPath: TENANTS.hejie, body: expect.stringContaining('公共厕所') });
    expect((await follow(market.body.receiptCode)).body.status).toBe('became-suggestion');
  });

  it('refuses a flood from one address with 429, and loses nothing it accepted', async () => {
    const results = await Promise.all(Array.from({ length: RATE_LIMIT + 4 }, (_, i) => send({ township: '451102101', body: `第${i}条意见` })));
    const refused = results.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(refused[0]!.type).toContain('application/problem+json');
    expect(refused[0]!.body.detail).toMatch(/too many opinions/);
    expect(refused[0]!.headers.get('retry-after')).toBeTruthy();
    for (const r of results.filter((x) => x.status === 201)) accepted.push(r.body.receiptCode);
    // Every receipt ever given out can be followed, and the store has exactly those.
    const stored = await service.database.db.selectFrom('suggestions.opinions').select('receipt_code').execute();
    expect(stored.map((s) => s.receipt_code).sort()).toEqual([...accepted].sort());
  });
});
