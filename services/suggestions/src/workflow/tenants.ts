// Tenant paths: ancestors and the kind of congress (for motion rules).
import { getTenant, isWithin } from '@onenet/tenancy';
import type { TenantKind } from '../domain/settings.ts';

/** `450000/451100/451102` → ['450000', '450000/451100']. */
export function ancestorsOf(path: string): string[] {
  const codes = path.split('/');
  return codes.slice(0, -1).map((_, i) => codes.slice(0, i + 1).join('/'));
}

/** The kind of congress at a path; unknown codes count by depth (1 region … 4 township). */
export function kindOfPath(path: string): TenantKind {
  const code = path.split('/').at(-1) ?? '';
  const known = getTenant(code)?.kind;
  if (known) return known;
  return (['region', 'city', 'county', 'township'] as const)[Math.min(path.split('/').length, 4) - 1] ?? 'township';
}

export const within = (path: string, ancestor: string): boolean => path === ancestor || isWithin(path, ancestor);

export function tenantName(path: string): string {
  return getTenant(path.split('/').at(-1) ?? '')?.name ?? path;
}
