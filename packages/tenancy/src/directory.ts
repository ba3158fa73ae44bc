import { TENANT_KINDS, type TenantKind, type TenantNode } from './tree.ts';

export interface Tenant {
  readonly code: string;
  readonly name: string;
  readonly kind: TenantKind;
  /** 0 for the region, 1 for a city, 2 for a county, 3 for a township. */
  readonly level: number;
  readonly parentCode: string | null;
  /** Codes from the root down to this tenant, e.g. "450000/451100/451102". */
  readonly path: string;
}

export class UnknownTenantError extends Error {
  override name = 'UnknownTenantError';
  readonly code: string;
  constructor(code: string) {
    super(`unknown tenant code: ${JSON.stringify(code)}`);
    this.code = code;
  }
}

/** An in-memory index of the tenant tree; every lookup is a map read. */
export class TenantDirectory {
  readonly root: Tenant;
  readonly #byCode = new Map<string, Tenant>();
  readonly #byPath = new Map<string, Tenant>();
  readonly #children = new Map<string, Tenant[]>();

  constructor(tree: TenantNode) {
    const add = (node: TenantNode, parent: Tenant | null): Tenant => {
      const tenant: Tenant = Object.freeze({
        code: node.code,
        name: node.name,
        kind: node.kind,
        level: TENANT_KINDS.indexOf(node.kind),
        parentCode: parent?.code ?? null,
        path: parent ? `${parent.path}/${node.code}` : node.code,
      });
      this.#byCode.set(tenant.code, tenant);
      this.#byPath.set(tenant.path, tenant);
      this.#children.set(
        tenant.code,
        (node.children ?? []).map((child) => add(child, tenant)),
      );
      return tenant;
    };
    this.root = add(tree, null);
  }

  /** Every tenant, parents before their children. */
  all(): Tenant[] {
    return [this.root, ...this.descendants(this.root.code)];
  }

  get size(): number {
    return this.#byCode.size;
  }

  has(code: string): boolean {
    return this.#byCode.has(code);
  }

  getTenant(code: string): Tenant | undefined {
    return this.#byCode.get(code);
  }

  /** Like getTenant, but an unknown code is an error. */
  require(code: string): Tenant {
    const tenant = this.#byCode.get(code);
    if (!tenant) throw new UnknownTenantError(code);
    return tenant;
  }

  byPath(path: string): Tenant | undefined {
    return this.#byPath.get(path);
  }

  parent(code: string): Tenant | undefined {
    const { parentCode } = this.require(code);
    return parentCode === null ? undefined : this.#byCode.get(parentCode);
  }

  children(code: string): Tenant[] {
    this.require(code);
    return [...(this.#children.get(code) ?? [])];
  }

  /** From the root down to the parent; empty for the root. */
  ancestors(code: string): Tenant[] {
    const chain: Tenant[] = [];
    for (let t = this.parent(code); t; t = this.parent(t.code)) chain.unshift(t);
    return chain;
  }

  /** Everything below the tenant, depth first, parents before children; excludes the tenant. */
  descendants(code: string): Tenant[] {
    const out: Tenant[] = [];
    const walk = (c: string) => {
      for (const child of this.#children.get(c) ?? []) {
        out.push(child);
        walk(child.code);
      }
    };
    this.require(code);
    walk(code);
    return out;
  }

  pathOf(code: string): string {
    return this.require(code).path;
  }

  kindOf(code: string): TenantKind {
    return this.require(code).kind;
  }

  levelOf(code: string): number {
    return this.require(code).level;
  }
}
