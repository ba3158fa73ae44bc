// Activities (履职活动) and linked-activity plans (联动履职: a yearly plan, one theme per quarter).

export const ACTIVITY_KINDS = [
  'voter-reception',
  'research',
  'inspection',
  'training',
  'group-activity',
  'voter-visit',
  'poverty-help',
  'practical-deed',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_LABELS: Record<ActivityKind, string> = {
  'voter-reception': '接待选民',
  research: '调研',
  inspection: '视察',
  training: '培训',
  'group-activity': '小组活动',
  'voter-visit': '走访选民',
  'poverty-help': '联系帮扶',
  'practical-deed': '为民办实事',
};

export const ATTENDANCE = ['present', 'absent', 'excused'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABELS: Record<Attendance, string> = { present: '出席', absent: '缺席', excused: '请假' };

/** The source document: "每次活动1-2天". */
export const MAX_ACTIVITY_DAYS = 2;

export interface DateProblem {
  field: 'startDate' | 'endDate';
  message: string;
}

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** An activity lasts one or two calendar days: end on or after start, at most one day later. */
export function checkActivityDates(startDate: string, endDate: string): DateProblem | undefined {
  const days = dayNumber(endDate) - dayNumber(startDate) + 1;
  if (Number.isNaN(days)) return { field: 'endDate', message: 'must be a date' };
  if (days < 1) return { field: 'endDate', message: 'must not be before startDate' };
  if (days > MAX_ACTIVITY_DAYS) return { field: 'endDate', message: `an activity lasts at most ${MAX_ACTIVITY_DAYS} days` };
  return undefined;
}

export const quarterOf = (date: string): 1 | 2 | 3 | 4 => (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4;
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** The calendar day of an instant in China (UTC+8, no daylight saving): years and halves are counted in it. */
export function chinaDate(instant: string | Date): string {
  const ms = (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + 8 * 3_600_000;
  return new Date(ms).toISOString().slice(0, 10);
}
