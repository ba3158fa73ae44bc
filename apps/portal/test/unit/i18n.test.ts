import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { formatDate, formatDateTime, currentYear } from '../../src/time.ts';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('messages', () => {
  it('has an English text for every Chinese one, and no empty text', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
    for (const key of keys(zhCN)) {
      const zh = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN);
      expect(zh, key).not.toBe('');
    }
  });

  it('gives every kind of failure a title and a next step in both languages', () => {
    const kinds = ['network', 'invalid', 'unauthenticated', 'forbidden', 'not-found', 'conflict', 'too-large', 'rate-limited', 'unavailable', 'server', 'other', 'unknown'] as const;
    for (const kind of kinds) {
      expect(zhCN.errors[kind].next.length, kind).toBeGreaterThan(5);
      expect(en.errors[kind].next.length, kind).toBeGreaterThan(5);
    }
  });
});

describe('dates in China Standard Time', () => {
  it('shows an instant as the time in Shanghai, whatever the device zone', () => {
    // 20:41 UTC is 04:41 the next morning in Beijing.
    expect(formatDateTime('2026-11-27T20:41:00Z')).toBe('2026-11-28 04:41');
    expect(formatDate('2026-12-31T16:30:00Z')).toBe('2027-01-01');
    expect(currentYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
  });

  it('keeps a calendar date as it is and shows a dash for no date', () => {
    expect(formatDate('2026-03-01')).toBe('2026-03-01');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
  });
});
