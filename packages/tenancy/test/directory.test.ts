import { describe, expect, it } from 'vitest';

import {
  InvalidTenantTreeError,
  TenantDirectory,
  UnknownTenantError,
  ancestors,
  children,
  descendants,
  getTenant,
  kindOf,
  levelOf,
  parent,
  parseTenantTree,
  pathOf,
  tenants,
} from '../src/index.ts';

const codes = (list: Array<{ code: string }>) => list.map((t) => t.code);

describe('the Guangxi tenant tree', () => {
  it('has the region, its 14 prefecture-level cities and Hezhou with its five counties', () => {
    expect(tenants.root).toMatchObject({ code: '450000', name: '广西壮族自治区', kind: 'region', level: 0, path: '450000' });
    const cities = children('450000');
    expect(cities.map((c) => `${c.code} ${c.name}`)).toEqual([
      '450100 南宁市', '450200 柳州市', '450300 桂林市', '450400 梧州市', '450500 北海市', '450600 防城港市',
      '450700 钦州市', '450800 贵港市', '450900 玉林市', '451000 百色市', '451100 贺州市', '451200 河池市',
      '451300 来宾市', '451400 崇左市',
    ]);
    expect(cities.every((c) => c.kind === 'city')).toBe(true);
    expect(children('451100').map((c) => `${c.code} ${c.name}`)).toEqual([
      '451102 八步区', '451103 平桂区', '451121 昭平县', '451122 钟山县', '451123 富川瑶族自治县',
    ]);
  });

  it('has several townships in every Hezhou county, each a child of its county', () => {
    for (const county of children('451100')) {
      const towns = children(county.code);
      expect(towns.length, county.name).toBeGreaterThanOrEqual(3);
      for (const town of towns) {
        expect(town.kind).toBe('township');
        expect(town.code).toMatch(new RegExp(`^${county.code}\\d{3}$`));
      }
    }
    expect(getTenant('451102101')).toMatchObject({ name: '贺街镇', parentCode: '451102', kind: 'township', level: 3 });
    expect(getTenant('451103103')?.name).toBe('沙田镇');
    expect(getTenant('451121109')?.name).toBe('樟木林镇');
  });
});

describe('directory lookups', () => {
  it('gives the path, kind and level of a tenant', () => {
    expect(pathOf('451102')).toBe('450000/451100/451102');
    expect(pathOf('451102101')).toBe('450000/451100/451102/451102101');
    expect(kindOf('451102')).toBe('county');
    expect(levelOf('451100')).toBe(1);
  });

  it('walks up: parent and ancestors from the root down', () => {
    expect(parent('451102101')?.name).toBe('八步区');
    expect(parent('450000')).toBeUndefined();
    expect(codes(ancestors('451102101'))).toEqual(['450000', '451100', '451102']);
    expect(ancestors('450000')).toEqual([]);
  });

  it('walks down: descendants include every level below, not the tenant itself', () => {
    const below = descendants('451100');
    expect(codes(below)).not.toContain('451100');
    expect(codes(below)).toContain('451102101');
    expect(below).toHaveLength(5 + children('451100').reduce((n, c) => n + children(c.code).length, 0));
    expect(descendants('451102101')).toEqual([]);
    expect(descendants('450000')).toHaveLength(tenants.size - 1);
  });

  it('finds a tenant by its path', () => {
    expect(tenants.byPath('450000/451100/451103')?.name).toBe('平桂区');
    expect(tenants.byPath('450000/451103')).toBeUndefined();
  });

  it('answers unknown codes with undefined from getTenant and an error elsewhere', () => {
    expect(getTenant('999999')).toBeUndefined();
    expect(() => pathOf('999999')).toThrow(UnknownTenantError);
    expect(() => children('451199')).toThrow(/unknown tenant code: "451199"/);
  });

  it('lists every tenant once, parents first', () => {
    const all = tenants.all();
    expect(new Set(codes(all)).size).toBe(all.length);
    const position = new Map(all.map((t, i) => [t.code, i]));
    for (const t of all) {
      if (t.parentCode) expect(position.get(t.parentCode)).toBeLessThan(position.get(t.code) as number);
    }
  });
});

describe('parseTenantTree', () => {
  const town = (code: string, name = '某镇') => ({ code, name, kind: 'township' });
  const tree = (townships: unknown[]) => ({
    code: '450000', name: '广西壮族自治区', kind: 'region',
    children: [{ code: '451100', name: '贺州市', kind: 'city', children: [{ code: '451102', name: '八步区', kind: 'county', children: townships }] }],
  });

  it('accepts a well-formed tree', () => {
    const directory = new TenantDirectory(parseTenantTree(tree([town('451102101', '贺街镇')])));
    expect(directory.pathOf('451102101')).toBe('450000/451100/451102/451102101');
  });

  it('rejects a township whose code is not under its county', () => {
    expect(() => parseTenantTree(tree([town('451103101')]))).toThrow(
      /451103101.*does not start with the first 6 digits of its parent 451102/,
    );
  });

  it('rejects duplicate codes, wrong kinds, short codes and nameless nodes', () => {
    expect(() => parseTenantTree(tree([town('451102101'), town('451102101')]))).toThrow(/duplicate code/);
    expect(() => parseTenantTree(tree([{ code: '451102101', name: '贺街镇', kind: 'county' }]))).toThrow(
      /kind: expected "township", got "county"/,
    );
    expect(() => parseTenantTree(tree([town('4511021')]))).toThrow(/a township code has 9 digits/);
    expect(() => parseTenantTree(tree([{ code: '451102101', kind: 'township' }]))).toThrow(/name: expected a non-empty string/);
    expect(() => parseTenantTree(tree([{ ...town('451102101'), children: [town('451102101')] }]))).toThrow(
      InvalidTenantTreeError,
    );
  });
});
