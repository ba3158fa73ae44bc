// Dates are shown in China Standard Time whatever the device's zone: deadlines and receipts
// must read the same on a phone abroad and in the office.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

/** The language's dayjs locale must be loaded first (i18n/index.ts loads it with the messages). */
export function setDateLocale(language: string): void {
  dayjs.locale(language.startsWith('zh') ? 'zh-cn' : 'en');
}

type DateInput = string | number | Date | null | undefined;

/** 2026-11-27 */
export function formatDate(value: DateInput): string {
  if (value === null || value === undefined || value === '') return '—';
  // A plain date (no time) is a calendar day, not an instant: never shift it across zones.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return dayjs(value).tz(ZONE).format('YYYY-MM-DD');
}

/** 2026-11-27 20:15 */
export function formatDateTime(value: DateInput): string {
  if (value === null || value === undefined || value === '') return '—';
  return dayjs(value).tz(ZONE).format('YYYY-MM-DD HH:mm');
}

/** The current year in China (the year duties are counted in). */
export function currentYear(now: Date = new Date()): number {
  return dayjs(now).tz(ZONE).year();
}
