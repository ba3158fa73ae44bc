// A tenant named in a request (`?tenant=451102` or a full path) — resolved against the tenant
// directory and held to the route's access: a caller reaches its own congress and those below.
import { authorize, type Access, type Principal } from '@onenet/auth';
import { pathOf, UnknownTenantError } from '@onenet/tenancy';
import { invalid } from './errors.ts';

/**
 * The tenant path a request names, by division code or path; 400 naming the field for an
 * unknown code, 403 when it lies outside the caller's reach under `access`.
 */
export function tenantParam(principal: Principal | undefined, raw: string | undefined, field: string, access?: Access): string | undefined {
  if (raw === undefined) return undefined;
  let path = raw;
  if (!raw.includes('/')) {
    try {
      path = pathOf(raw);
    } catch (error) {
      if (error instanceof UnknownTenantError) throw invalid(field, `unknown tenant code ${raw}: give a division code of the directory or a full tenant path`);
      throw error;
    }
  }
  if (access) authorize(principal, access, path);
  return path;
}
