import { describe, expect, it } from 'vitest';

import { InvalidTenantPathError, canSee, codeOfPath, isTenantPath, isWithin, relation } from '../src/index.ts';

const region = '450000';
const hezhou = '450000/451100';
const babu = '450000/451100/451102';
const pinggui = '450000/451100/451103';
const hejie = '450000/451100/451102/451102101';
const liuzhou = '450000/450200';

describe('isWithin', () => {
  it('is true for the tenant itself and everything below it', () => {
    expect(isWithin(babu, babu)).toBe(true);
    expect(isWithin(hejie, babu)).toBe(true);
    expect(isWithin(hejie, region)).toBe(true);
  });

  it('is false upwards and sideways', () => {
    expect(isWithin(hezhou, babu)).toBe(false);
    expect(isWithin(pinggui, babu)).toBe(false);
    expect(isWithin(liuzhou, hezhou)).toBe(false);
  });

  it('compares whole codes, not string prefixes', () => {
    expect(isWithin('450000/451100/451102101', babu)).toBe(false);
    expect('450000/451100/451102101'.startsWith(babu)).toBe(true);
  });

  it('rejects what is not a tenant path, naming the argument', () => {
    expect(() => isWithin('450000/', region)).toThrow(InvalidTenantPathError);
    expect(() => isWithin(babu, '/450000')).toThrow(/ancestorPath: not a tenant path/);
    expect(() => isWithin('450000 OR 1=1', region)).toThrow(/path: not a tenant path/);
    expect(() => isWithin('450000/45110', region)).toThrow(/not a tenant path/);
  });
});

describe('relation', () => {
  it('tells self, descendant, ancestor and everything else apart', () => {
    expect(relation(babu, babu)).toBe('self');
    expect(relation(babu, hejie)).toBe('descendant');
    expect(relation(region, babu)).toBe('descendant');
    expect(relation(babu, hezhou)).toBe('ancestor');
    expect(relation(hejie, region)).toBe('ancestor');
    expect(relation(babu, pinggui)).toBe('sibling-or-other');
    expect(relation(hejie, pinggui)).toBe('sibling-or-other');
    expect(relation(hezhou, liuzhou)).toBe('sibling-or-other');
  });
});

describe('canSee', () => {
  it('lets a user see their tenant and below, never a parent or a sibling', () => {
    expect(canSee(hezhou, hejie)).toBe(true);
    expect(canSee(babu, babu)).toBe(true);
    expect(canSee(babu, hezhou)).toBe(false);
    expect(canSee(babu, pinggui)).toBe(false);
  });
});

describe('path helpers', () => {
  it('recognises paths and reads their last code', () => {
    expect(isTenantPath(hejie)).toBe(true);
    expect(isTenantPath('')).toBe(false);
    expect(isTenantPath(450000)).toBe(false);
    expect(codeOfPath(hejie)).toBe('451102101');
    expect(codeOfPath(region)).toBe('450000');
  });
});
