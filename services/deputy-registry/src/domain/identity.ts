// Checks of the personal data a roster carries: resident ID numbers (GB 11643-1999), mobile
// numbers, birth months. Each returns the normalised value or the reason it is wrong, in the
// words county staff read.

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export interface IdNumberFacts {
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'female' | 'male';
}

/** Normalises (trims, upper-cases x, drops inner spaces) and validates an 18-digit ID number. */
export function checkIdNumber(raw: string): Checked<string> {
  const id = raw.replace(/[\s\u3000]/g, '').toUpperCase();
  if (id === '') return { ok: false, reason: '身份证号为空' };
  if (/^\d{15}$/.test(id)) return { ok: false, reason: '15位旧身份证号，请填写18位身份证号' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号应为18位（17位数字加1位数字或X）' };
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  if (CHECK_CHARS[sum % 11] !== id[17]) return { ok: false, reason: '身份证号校验位不正确' };
  const facts = idNumberFacts(id);
  if (!facts) return { ok: false, reason: '身份证号中的出生日期不是有效日期' };
  return { ok: true, value: id };
}

/** Birth date and gender encoded in a valid 18-digit ID number. */
export function idNumberFacts(id: string): IdNumberFacts | undefined {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Mainland mobile numbers; accepts +86 / 0086 prefixes, spaces and dashes. */
export function checkMobile(raw: string): Checked<string> {
  const digits = raw.replace(/[\s\u3000\-()（）]/g, '').replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  if (!/^1[3-9]\d{9}$/.test(digits)) return { ok: false, reason: '手机号应为11位数字，以13–19开头' };
  return { ok: true, value: digits };
}

/** Days from 1899-12-30 (Excel's epoch as it counts, with its 1900 leap-year bug absorbed). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * Birth months as rosters write them: 1975-03, 1975.3, 1975/03, 1975年3月, 197503, an Excel
 * date cell (a Date) or an Excel serial day number. Returns YYYY-MM.
 */
export function checkBirthMonth(raw: unknown, now = new Date()): Checked<string> {
  let year: number;
  let month: number;
  if (raw instanceof Date) {
    year = raw.getUTCFullYear();
    month = raw.getUTCMonth() + 1;
  } else if (typeof raw === 'number' || (typeof raw === 'string' && /^\d{5}(\.\d+)?$/.test(raw.trim()))) {
    const date = new Date(EXCEL_EPOCH + Math.floor(Number(raw)) * 86_400_000);
    year = date.getUTCFullYear();
    month = date.getUTCMonth() + 1;
  } else {
    const text = String(raw ?? '').trim();
    const match = /^(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*(?:月)?(?:[-./]?\s*\d{1,2}\s*日?)?|(\d{2}))$/.exec(text);
    if (!match) return { ok: false, reason: '出生年月格式应为 1975-03 或 1975年3月' };
    year = Number(match[1]);
    month = Number(match[2] ?? match[3]);
  }
  if (!(month >= 1 && month <= 12)) return { ok: false, reason: '出生年月的月份应在1–12之间' };
  const age = now.getUTCFullYear() - year;
  // Deputies are at least 18 (选举法); nobody alive was born before 1900.
  if (year < 1900 || age < 18) return { ok: false, reason: '出生年月不合理（代表须年满18周岁）' };
  return { ok: true, value: `${year}-${String(month).padStart(2, '0')}` };
}

export function parseGender(raw: string): 'female' | 'male' | undefined {
  const text = raw.trim();
  if (/^(男|男性|m|male)$/i.test(text)) return 'male';
  if (/^(女|女性|f|female)$/i.test(text)) return 'female';
  return undefined;
}

export const GENDER_LABELS = { male: '男', female: '女' } as const;
