// A person's photo: uploaded by the staff of the congress that manages them, checked by its
// bytes, stored through FileStorage (the old one deleted), shown on the public profile only while
// the deputy is published, and every change in the person's history.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BABU, HEJIE, PINGGUI, idNumber, staff, startRegistry, type Registry } from './support.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b5c2e70000000049454e44ae426082', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300ffd9', 'hex');
const GIF = Buffer.from('474946383961010001000000002c00000000010001000002024401003b', 'hex');

let r: Registry;
let personId: string;
const clerk = () => r.as(staff(HEJIE));
const stored = () => readdirSync(join(r.service.ctx.config.REGISTRY_FILES_DIR as string, 'persons', personId));

beforeAll(async () => {
  r = await startRegistry({ REGISTRY_PHOTO_LIMIT_BYTES: '4096' });
  const registered = await clerk().post('/persons', { name: '覃美玲', idNumber: idNumber('451102', '1983-06-07', 28), mandate: { level: 'township', term: '第十八届', startDate: '2021-09-28', constituency: '贺街选区' } });
  personId = registered.body.personId;
});
afterAll(async () => r?.stop());

describe("a person's photo", () => {
  it('is uploaded by the managing congress and shown on the public profile, search included', async () => {
    const uploaded = await clerk().put(`/persons/${personId}/photo`, PNG, 'image/png');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.photo).toMatchObject({ contentType: 'image/png', byteSize: PNG.length });
    expect(uploaded.body.photoUrl).toMatch(new RegExp(`^/api/deputy-registry/public/profiles/${personId}/photo\\?v=[0-9a-f-]{36}$`));

    const profile = await r.as().get(`/public/profiles/${personId}`);
    expect(profile.body.photoUrl).toBe(uploaded.body.photoUrl);
    const found = await r.as().get(`/public/profiles?q=${encodeURIComponent('覃美玲')}`);
    expect(found.body.items[0].photoUrl).toBe(uploaded.body.photoUrl);

    const image = await r.as().get(`/public/profiles/${personId}/photo`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.raw.equals(PNG)).toBe(true);
    expect(stored()).toHaveLength(1);
  });

  it('is typed by its bytes, not by what the client claims, and limited in size', async () => {
    const gif = await clerk().put(`/persons/${personId}/photo`, GIF, 'image/png');
    expect(gif.status).toBe(415);
    expect(gif.headers.get('content-type')).toContain('application/problem+json');
    expect(gif.body.errors).toEqual([{ field: '/body', message: 'is image/gif; accepted: image/jpeg, image/png, image/webp' }]);
    expect((await clerk().put(`/persons/${personId}/photo`, Buffer.from('<script>alert(1)</script>'), 'image/jpeg')).status).toBe(415);
    const large = await clerk().put(`/persons/${personId}/photo`, Buffer.concat([PNG, Buffer.alloc(5000)]), 'image/png');
    expect(large.status).toBe(413);
    expect(large.body.errors[0].field).toBe('/body');
    // A JPEG sent as application/octet-stream is a JPEG.
    const jpeg = await clerk().put(`/persons/${personId}/photo`, JPEG);
    expect(jpeg.status).toBe(200);
    expect(jpeg.body.photo.contentType).toBe('image/jpeg');
  });

  it('replaces the photo before it: the old file is deleted and the public URL changes', async () => {
    const before = (await clerk().get(`/persons/${personId}`)).body;
    const replaced = await clerk().put(`/persons/${personId}/photo`, PNG, 'image/png');
    expect(replaced.body.photoUrl).not.toBe(before.photoUrl);
    expect(stored()).toHaveLength(1);
    expect(stored()[0]).toMatch(/\.png$/);
    expect((await r.as().get(`/public/profiles/${personId}/photo`)).raw.equals(PNG)).toBe(true);
  });

  it('is public only while the deputy is published; staff see it either way', async () => {
    await clerk().patch(`/persons/${personId}`, { published: false });
    expect((await r.as().get(`/public/profiles/${personId}/photo`)).status).toBe(404);
    const own = await clerk().get(`/persons/${personId}/photo`);
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toBe('private, no-cache');
    const deputy = await r.as({ roles: ['deputy'], tenantPath: HEJIE, deputyId: personId }).get(`/persons/${personId}/photo`);
    expect(deputy.status).toBe(200);
    expect((await r.as({ roles: ['deputy'], tenantPath: HEJIE, deputyId: crypto.randomUUID() }).get(`/persons/${personId}/photo`)).status).toBe(403);
    await clerk().patch(`/persons/${personId}`, { published: true });
    expect((await r.as().get(`/public/profiles/${personId}/photo`)).status).toBe(200);
  });

  it('is changed only by the managing congress; a sibling county cannot even see it', async () => {
    expect((await r.as(staff(BABU)).get(`/persons/${personId}/photo`)).status).toBe(200);
    expect((await r.as(staff(BABU)).put(`/persons/${personId}/photo`, PNG, 'image/png')).status).toBe(403);
    expect((await r.as(staff(PINGGUI)).get(`/persons/${personId}/photo`)).status).toBe(404);
    expect((await r.as(staff(PINGGUI)).delete(`/persons/${personId}/photo`)).status).toBe(404);
    expect((await r.as().put(`/persons/${personId}/photo`, PNG, 'image/png')).status).toBe(401);
  });

  it('is not overwritten by a photoUrl set by hand; removing it clears photoUrl and deletes the file', async () => {
    const conflict = await clerk().patch(`/persons/${personId}`, { photoUrl: 'https://example.org/photo.jpg' });
    expect(conflict.status).toBe(409);
    // A form sending the person back unchanged, the uploaded photo's URL included, changes nothing.
    const current = (await clerk().get(`/persons/${personId}`)).body;
    const unchanged = await clerk().patch(`/persons/${personId}`, { name: current.name, photoUrl: current.photoUrl });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.photo).toEqual(current.photo);
    const script = await clerk().patch(`/persons/${personId}`, { photoUrl: 'javascript:alert(1)' });
    expect(script.status).toBe(400);
    expect(script.body.errors[0].field).toBe('/body/photoUrl');
    const removed = await clerk().delete(`/persons/${personId}/photo`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ photoUrl: null, photo: null });
    expect(stored()).toEqual([]);
    expect((await r.as().get(`/public/profiles/${personId}/photo`)).status).toBe(404);
    expect((await clerk().delete(`/persons/${personId}/photo`)).status).toBe(404);
    expect((await clerk().patch(`/persons/${personId}`, { photoUrl: 'https://example.org/photo.jpg' })).body.photoUrl).toBe('https://example.org/photo.jpg');
  });

  it('leaves every change in the history: who, when, what', async () => {
    const history = (await clerk().get(`/persons/${personId}/history`)).body.items as { action: string; actor: { name: string } | null; at: string; changes: Record<string, any> }[];
    const photo = history.filter((h) => h.action.startsWith('photo-'));
    expect(photo.map((h) => h.action)).toEqual(['photo-uploaded', 'photo-replaced', 'photo-replaced', 'photo-removed']);
    expect(photo[0]!.actor?.name).toBe('staff@451102101');
    expect(photo[0]!.changes).toMatchObject({ photoUrl: { from: null }, photo: { contentType: 'image/png', byteSize: PNG.length } });
    expect(photo[3]!.changes.photoUrl.to).toBeNull();
  });
});
