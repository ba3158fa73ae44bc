// Who the portal thinks is signed in, from real tokens' claims (the shape infra/keycloak issues),
// and what each person may switch between, on the real tenant tree.
import { describe, expect, it } from 'vitest';
import { loadTenantDirectory } from '@onenet/tenancy';
import { homePath, sessionFromClaims, switchableTenants } from '../../src/auth/session.ts';
import { TenantIndex, type TenantRow } from '../../src/tenant-index.ts';

const index = new TenantIndex(loadTenantDirectory().all().map((t): TenantRow => [t.code, t.name, t.kind, t.parentCode]));

const claims = (over: Record<string, unknown>) => ({
  sub: '54d6f0de-54fa-4701-837a-037d3046d321',
  preferred_username: 'hejie-deputy',
  family_name: '廖',
  given_name: '春花',
  tenant_code: '451102101',
  tenant_path: '450000/451100/451102/451102101',
  deputy_id: 'a7d0ef91-59d7-4feb-940b-1aac33f4039d',
  groups: ['/广西壮族自治区/贺州市/八步区/贺街镇'],
  realm_access: { roles: ['default-roles-onenet', 'deputy', 'offline_access', 'uma_authorization'] },
  exp: 1795810514,
  ...over,
});

describe('session from token claims', () => {
  it('writes the Chinese name family first without a space and keeps only platform roles', () => {
    const s = sessionFromClaims(claims({}));
    expect(s.displayName).toBe('廖春花');
    expect(s.roles).toEqual(['deputy']);
    expect(s.deputyId).toBe('a7d0ef91-59d7-4feb-940b-1aac33f4039d');
    expect(s.unitId).toBeUndefined();
    expect(s.tenantCode).toBe('451102101');
  });

  it('sends each role to its own workspace, a deputy first when someone has several roles', () => {
    expect(homePath(['deputy'])).toBe('/work/deputy');
    expect(homePath(['leader', 'deputy'])).toBe('/work/deputy');
    expect(homePath(['handler'])).toBe('/work/handler');
    expect(homePath(['leader'])).toBe('/work/leader');
    expect(homePath(['finance'])).toBe('/work/account');
  });
});

describe('tenant switcher choices', () => {
  it('offers a city leader the city and everything below it, nothing beside it', () => {
    const leader = sessionFromClaims(claims({ tenant_code: '451100', tenant_path: '450000/451100', groups: ['/广西壮族自治区/贺州市'], realm_access: { roles: ['leader'] } }));
    const codes = switchableTenants(leader, index);
    expect(codes).toContain('451100');
    expect(codes).toContain('451102');
    expect(codes).toContain('451102101');
    expect(codes).not.toContain('450000');
    expect(codes).not.toContain('450100');
    expect(codes.every((c) => index.isWithin(c, '451100'))).toBe(true);
  });

  it('offers a deputy with two seats those two seats, and a single-seat deputy no switcher', () => {
    const twoSeats = sessionFromClaims(claims({ tenant_code: '451100', tenant_path: '450000/451100', groups: ['/广西壮族自治区/贺州市', '/广西壮族自治区/贺州市/八步区'] }));
    expect(switchableTenants(twoSeats, index).sort()).toEqual(['451100', '451102']);
    expect(switchableTenants(sessionFromClaims(claims({})), index)).toEqual([]);
  });

  it('names tenants by their lineage and finds them from Keycloak group paths', () => {
    expect(index.fullName('451102101')).toBe('广西壮族自治区 / 贺州市 / 八步区 / 贺街镇');
    expect(index.byGroupPath('/广西壮族自治区/贺州市/八步区')?.code).toBe('451102');
    expect(index.byGroupPath('/广西壮族自治区/不存在')).toBeUndefined();
    expect(index.byPath('450000/451100/451103')?.name).toBe('平桂区');
  });
});
