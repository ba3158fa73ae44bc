// A small index of the tenant tree for the portal: names, parents, children, subtrees.
export type TenantKind = 'region' | 'city' | 'county' | 'township';
export type TenantRow = [code: string, name: string, kind: TenantKind, parentCode: string | null];

export interface TenantInfo {
  code: string;
  name: string;
  kind: TenantKind;
  parentCode: string | null;
  /** "450000/451100/451102" */
  path: string;
}

export interface TenantTreeNode {
  value: string;
  title: string;
  children?: TenantTreeNode[];
}

export class TenantIndex {
  readonly #byCode = new Map<string, TenantInfo>();
  readonly #children = new Map<string, string[]>();

  constructor(rows: TenantRow[]) {
    for (const [code, name, kind, parentCode] of rows) {
      const parent = parentCode ? this.#byCode.get(parentCode) : undefined;
      this.#byCode.set(code, { code, name, kind, parentCode, path: parent ? `${parent.path}/${code}` : code });
      if (parentCode) this.#children.set(parentCode, [...(this.#children.get(parentCode) ?? []), code]);
    }
  }

  get(code: string): TenantInfo | undefined {
    return this.#byCode.get(code);
  }

  name(code: string): string {
    return this.#byCode.get(code)?.name ?? code;
  }

  /** The tenant of a path: its last code. */
  byPath(path: string): TenantInfo | undefined {
    return this.get(path.split('/').pop() ?? '');
  }

  children(code: string): TenantInfo[] {
    return (this.#children.get(code) ?? []).map((c) => this.#byCode.get(c) as TenantInfo);
  }

  /** From the root down to the tenant itself. */
  lineage(code: string): TenantInfo[] {
    const chain: TenantInfo[] = [];
    for (let t = this.get(code); t; t = t.parentCode ? this.get(t.parentCode) : undefined) chain.unshift(t);
    return chain;
  }

  /** "广西壮族自治区 / 贺州市 / 八步区" */
  fullName(code: string, separator = ' / '): string {
    return this.lineage(code).map((t) => t.name).join(separator) || code;
  }

  /** A Keycloak group path of the realm ("/广西壮族自治区/贺州市/八步区") → its tenant. */
  byGroupPath(groupPath: string): TenantInfo | undefined {
    const names = groupPath.split('/').filter(Boolean);
    let candidates = [...this.#byCode.values()].filter((t) => t.parentCode === null);
    let found: TenantInfo | undefined;
    for (const name of names) {
      found = candidates.find((t) => t.name === name);
      if (!found) return undefined;
      candidates = this.children(found.code);
    }
    return found;
  }

  /** The tenant and everything below it, as a tree for a tree select. */
  subtree(code: string): TenantTreeNode | undefined {
    const t = this.get(code);
    if (!t) return undefined;
    const kids = this.children(code).map((c) => this.subtree(c.code) as TenantTreeNode);
    return { value: t.code, title: t.name, ...(kids.length ? { children: kids } : {}) };
  }

  /** Whether `code` is `ancestor` or below it. */
  isWithin(code: string, ancestor: string): boolean {
    const t = this.get(code);
    return !!t && (t.code === ancestor || t.path.split('/').includes(ancestor));
  }
}
