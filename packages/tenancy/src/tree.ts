// The tenant tree as written in infra/keycloak/tenants.json, and the checks that keep a typo in
// that file from becoming a wrong tenant boundary.

export const TENANT_KINDS = ['region', 'city', 'county', 'township'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

export interface TenantNode {
  readonly code: string;
  readonly name: string;
  readonly kind: TenantKind;
  readonly children?: readonly TenantNode[];
}

export class InvalidTenantTreeError extends Error {
  override name = 'InvalidTenantTreeError';
}

// GB/T 2260 codes have six digits; townships use the nine-digit statistical code.
const CODE_LENGTH: Record<TenantKind, number> = { region: 6, city: 6, county: 6, township: 9 };

// How many leading digits a child shares with its parent: a city keeps the province's two, a
// county the city's four, a township its county's six.
const SHARED_PREFIX: Record<TenantKind, number> = { region: 0, city: 2, county: 4, township: 6 };

/** Checks an untrusted JSON value and returns it as a tenant tree, or throws naming the bad node. */
export function parseTenantTree(value: unknown): TenantNode {
  const seen = new Set<string>();

  function visit(raw: unknown, where: string, expectedKind: TenantKind, parent?: TenantNode): TenantNode {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InvalidTenantTreeError(`${where}: expected an object`);
    }
    const node = raw as Record<string, unknown>;
    const { code, name, kind, children } = node;
    if (typeof code !== 'string') throw new InvalidTenantTreeError(`${where}.code: expected a string`);
    const at = `${where} (${code})`;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new InvalidTenantTreeError(`${at}.name: expected a non-empty string`);
    }
    if (kind !== expectedKind) {
      throw new InvalidTenantTreeError(`${at}.kind: expected "${expectedKind}", got ${JSON.stringify(kind)}`);
    }
    if (!new RegExp(`^\\d{${CODE_LENGTH[expectedKind]}}$`).test(code)) {
      throw new InvalidTenantTreeError(`${at}.code: a ${expectedKind} code has ${CODE_LENGTH[expectedKind]} digits`);
    }
    if (parent) {
      const shared = SHARED_PREFIX[expectedKind];
      if (code.slice(0, shared) !== parent.code.slice(0, shared)) {
        throw new InvalidTenantTreeError(
          `${at}.code: does not start with the first ${shared} digits of its parent ${parent.code}`,
        );
      }
    }
    if (seen.has(code)) throw new InvalidTenantTreeError(`${at}.code: duplicate code`);
    seen.add(code);

    const self: TenantNode = { code, name, kind: expectedKind };
    if (children === undefined) return self;
    if (!Array.isArray(children)) throw new InvalidTenantTreeError(`${at}.children: expected an array`);
    const childKind = TENANT_KINDS[TENANT_KINDS.indexOf(expectedKind) + 1];
    if (childKind === undefined && children.length > 0) {
      throw new InvalidTenantTreeError(`${at}.children: a ${expectedKind} has no children`);
    }
    return {
      ...self,
      children: children.map((child, i) => visit(child, `${at}.children[${i}]`, childKind as TenantKind, self)),
    };
  }

  return visit(value, 'tenants', 'region');
}
