// Tenant paths ("450000/451100/451102") are what tokens, rows and RLS policies carry. These
// functions work on the path alone, so a service can decide visibility without the directory.

export type TenantRelation = 'self' | 'descendant' | 'ancestor' | 'sibling-or-other';

// Six-digit GB/T 2260 codes, nine-digit township codes, joined by slashes.
const CODE = String.raw`\d{6}(?:\d{3})?`;
const PATH = new RegExp(`^${CODE}(?:/${CODE})*$`);

export class InvalidTenantPathError extends TypeError {
  override name = 'InvalidTenantPathError';
}

export function isTenantPath(value: unknown): value is string {
  return typeof value === 'string' && PATH.test(value);
}

function segments(path: string, argument: string): string[] {
  if (!isTenantPath(path)) {
    throw new InvalidTenantPathError(`${argument}: not a tenant path: ${JSON.stringify(path)}`);
  }
  return path.split('/');
}

/**
 * True when `path` is `ancestorPath` itself or lies below it. Compared code by code, so
 * "450000/451100/451102100" is not within "450000/451100/451102" although it starts with it.
 */
export function isWithin(path: string, ancestorPath: string): boolean {
  const inner = segments(path, 'path');
  const outer = segments(ancestorPath, 'ancestorPath');
  return outer.length <= inner.length && outer.every((code, i) => inner[i] === code);
}

/**
 * Where `resourcePath` sits as seen from `callerPath`: the caller's own tenant, one below it
 * (visible), one above it (not visible), or anywhere else (not visible).
 */
export function relation(callerPath: string, resourcePath: string): TenantRelation {
  if (isWithin(resourcePath, callerPath)) {
    return resourcePath.length === callerPath.length ? 'self' : 'descendant';
  }
  return isWithin(callerPath, resourcePath) ? 'ancestor' : 'sibling-or-other';
}

/** The visibility rule of the platform: a user of tenant T sees T and everything below T. */
export function canSee(callerPath: string, resourcePath: string): boolean {
  return isWithin(resourcePath, callerPath);
}

/** The tenant code a path ends with. */
export function codeOfPath(path: string): string {
  return segments(path, 'path').at(-1) as string;
}
