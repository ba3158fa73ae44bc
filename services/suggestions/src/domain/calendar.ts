// The working-day calendar deadlines run on. Public holidays and adjusted working days (调休)
// come from the `chinese-days` package, which follows the State Council's yearly notices
// (国务院办公厅关于节假日安排的通知); it is updated by upgrading the package, never by hand.
// Years the package does not yet know fall back to Monday–Friday and are reported as
// provisional, so a deadline computed into such a year is marked and can be recomputed.
import chineseDays from 'chinese-days';

/** A calendar day in China, `YYYY-MM-DD`. Deadlines are days, not instants. */
export type Day = string;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

function parse(day: Day): Date {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  return new Date(`${day}T00:00:00Z`);
}
const format = (date: Date): Day => date.toISOString().slice(0, 10);

export function addDays(day: Day, n: number): Day {
  return format(new Date(parse(day).getTime() + n * MS_PER_DAY));
}

/** Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: Day, n: number): Day {
  const d = parse(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return format(target);
}

/** The day in China (UTC+8, no daylight saving) at an instant. */
export function chinaDay(at: Date): Day {
  return format(new Date(at.getTime() + 8 * 3_600_000));
}

const knownYears = new Map<number, boolean>();
/** Whether the data source has the year's holiday notice (it lists at least New Year's Day). */
export function isYearKnown(year: number): boolean {
  let known = knownYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    knownYears.set(year, known);
  }
  return known;
}

/** Years the calendar data covers, for the health and settings pages. */
export function coveredYears(from = 2004, to = new Date().getUTCFullYear() + 2): number[] {
  const years: number[] = [];
  for (let y = from; y <= to; y++) if (isYearKnown(y)) years.push(y);
  return years;
}

export function isWorkingDay(day: Day): boolean {
  return chineseDays.isWorkday(day);
}

/** What a day is: 国庆节 holiday, adjusted working Saturday, ordinary weekday… */
export function describeDay(day: Day): { day: Day; working: boolean; name: string; provisional: boolean } {
  const detail = chineseDays.getDayDetail(day);
  return { day, working: detail.work, name: detail.name, provisional: !isYearKnown(Number(day.slice(0, 4))) };
}

export interface Deadline {
  due: Day;
  /** True when the span crosses a year the holiday data does not cover yet. */
  provisional: boolean;
}

function spanProvisional(from: Day, to: Day): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!isYearKnown(y)) return true;
  return false;
}

/**
 * The n-th working day after `from` (the day of receipt does not count, as in 收到之日起…个工作日内).
 * n = 0 gives `from` itself if it is a working day, else the next working day.
 */
export function addWorkingDays(from: Day, n: number): Deadline {
  if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a whole number ≥ 0, got ${n}`);
  let day = from;
  if (n === 0) {
    while (!isWorkingDay(day)) day = addDays(day, 1);
    return { due: day, provisional: spanProvisional(from, day) };
  }
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return { due: day, provisional: spanProvisional(from, day) };
}

/** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function workingDaysBetween(from: Day, to: Day): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
  return count;
}

/**
 * A period in months (the three-month reply period, a one-month second reply); a deadline
 * falling on a holiday or weekend moves to the next working day, as statutory periods do.
 */
export function addMonthsToWorkingDay(from: Day, months: number): Deadline {
  const end = addMonths(from, months);
  return addWorkingDays(end, 0);
}

/** A period in calendar days ("within 20 days"), moved off a non-working last day. */
export function addCalendarDaysToWorkingDay(from: Day, days: number): Deadline {
  return addWorkingDays(addDays(from, days), 0);
}
