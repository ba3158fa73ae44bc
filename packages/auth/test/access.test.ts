import { describe, expect, it } from 'vitest';
import { authorize, type AuthError, type Principal } from '../src/index.ts';

const staff: Principal = { userId: 'u', username: 'u', name: 'u', roles: ['staff'], tenantCode: '451100', tenantPath: '450000/451100' };

const status = (fn: () => void): number | 'ok' => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as AuthError).statusCode;
  }
};

describe('authorize', () => {
  it('public routes need no login', () => {
    expect(status(() => authorize(undefined, { public: true }))).toBe('ok');
  });
  it('401 without a principal, 403 without the role', () => {
    expect(status(() => authorize(undefined, { roles: ['staff'] }))).toBe(401);
    expect(status(() => authorize(staff, { roles: ['handler'] }))).toBe(403);
  });
  it('own congress and below by default; never parent or sibling', () => {
    const access = { roles: ['staff'] as const };
    expect(status(() => authorize(staff, access, '450000/451100'))).toBe('ok');
    expect(status(() => authorize(staff, access, '450000/451100/451102'))).toBe('ok');
    expect(status(() => authorize(staff, access, '450000'))).toBe(403);
    expect(status(() => authorize(staff, access, '450000/450100'))).toBe(403);
    // 4511001 is not below 451100 even though the string starts the same.
    expect(status(() => authorize(staff, access, '450000/451100001'))).toBe(403);
  });
  it('a route can restrict to the own congress only', () => {
    const access = { roles: ['staff'] as const, tenant: ['self'] as const };
    expect(status(() => authorize(staff, access, '450000/451100'))).toBe('ok');
    expect(status(() => authorize(staff, access, '450000/451100/451102'))).toBe(403);
  });
});
