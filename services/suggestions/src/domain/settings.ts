// Every deadline and rule differs between provinces and cities (DOMAIN.md): each is a
// per-tenant setting. A tenant stores only what it overrides; the rest comes from its nearest
// ancestor that set it, then from these defaults.
import Type, { type Static } from 'typebox';

export const MotionRule = Type.Object(
  {
    /** Co-signers (confirmed) a motion needs besides the lead deputy (代表联名). */
    minCoSigners: Type.Integer({ minimum: 0, maximum: 200 }),
    /** Motions are submitted during the congress session only (大会期间). */
    sessionOnly: Type.Boolean(),
    /** A motion's body must be at least this long (案由、案据、方案). */
    minBodyLength: Type.Integer({ minimum: 0, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
export type MotionRule = Static<typeof MotionRule>;

export const Settings = Type.Object(
  {
    /** Between sessions, staff assign within N working days of receipt. */
    assignWithinWorkingDays: Type.Integer({ minimum: 1, maximum: 60 }),
    /** A unit signs for an assignment within N working days. */
    signForWorkingDays: Type.Integer({ minimum: 1, maximum: 30 }),
    /** A unit may ask for adjustment within N working days of assignment; later it stays assigned. */
    adjustmentWindowWorkingDays: Type.Integer({ minimum: 1, maximum: 30 }),
    /** The unit meets the deputy within N calendar days of assignment (见面沟通). */
    meetingWithinDays: Type.Integer({ minimum: 1, maximum: 120 }),
    /** A co-unit gives its view to the lead unit within N months. */
    coOpinionMonths: Type.Integer({ minimum: 1, maximum: 6 }),
    /** The reply period from assignment (three months by default). */
    replyMonths: Type.Integer({ minimum: 1, maximum: 12 }),
    /** Extensions may add at most this many months in all. */
    maxExtensionMonths: Type.Integer({ minimum: 0, maximum: 12 }),
    /** The deputy evaluates within N working days of the reply. */
    evaluationWorkingDays: Type.Integer({ minimum: 1, maximum: 60 }),
    /** A second reply after 不满意 within N months. */
    secondReplyMonths: Type.Integer({ minimum: 1, maximum: 6 }),
    /** Publication (after the disclosure check) within N working days of the reply. */
    publishWithinWorkingDays: Type.Integer({ minimum: 1, maximum: 120 }),
    /** Reminders go out N working days before a deadline. */
    remindWorkingDaysBefore: Type.Integer({ minimum: 0, maximum: 30 }),
    /** Motion validity by the level of the congress that receives it. */
    motionRules: Type.Object(
      { region: MotionRule, city: MotionRule, county: MotionRule, township: MotionRule },
      { additionalProperties: false },
    ),
    /** Similarity (0–1) from which a reply counts as boilerplate. */
    boilerplateThreshold: Type.Number({ minimum: 0.5, maximum: 1 }),
  },
  { additionalProperties: false },
);
export type Settings = Static<typeof Settings>;

// The 地方组织法 requires a delegation or ten deputies for a motion at province and city level,
// five at township level (乡镇人大: 五人以上联名); county practice follows the city's.
export const DEFAULT_SETTINGS: Settings = {
  assignWithinWorkingDays: 5,
  signForWorkingDays: 3,
  adjustmentWindowWorkingDays: 7,
  meetingWithinDays: 20,
  coOpinionMonths: 1,
  replyMonths: 3,
  maxExtensionMonths: 6,
  evaluationWorkingDays: 20,
  secondReplyMonths: 1,
  publishWithinWorkingDays: 20,
  remindWorkingDaysBefore: 3,
  motionRules: {
    region: { minCoSigners: 9, sessionOnly: true, minBodyLength: 50 },
    city: { minCoSigners: 9, sessionOnly: true, minBodyLength: 50 },
    county: { minCoSigners: 9, sessionOnly: true, minBodyLength: 50 },
    township: { minCoSigners: 4, sessionOnly: true, minBodyLength: 20 },
  },
  boilerplateThreshold: 0.85,
};

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges overrides (nearest tenant last) onto the defaults. */
export function mergeSettings(...layers: Plain[]): Settings {
  const merge = (base: Plain, over: Plain): Plain => {
    const out: Plain = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = isPlain(value) && isPlain(base[key]) ? merge(base[key], value) : value;
    return out;
  };
  return layers.reduce<Plain>((acc, layer) => merge(acc, layer), DEFAULT_SETTINGS as unknown as Plain) as unknown as Settings;
}

export type Kind = 'motion' | 'suggestion' | 'letter';
export type Period = 'session' | 'between-sessions';
export type TenantKind = keyof Settings['motionRules'];

export interface MotionCheck {
  field: string;
  message: string;
}

/** Why a motion is not valid at this level (empty when it is). Suggestions and letters have no such rules. */
export function checkMotion(rule: MotionRule, item: { period: Period; body: string; confirmedCoSigners: number }): MotionCheck[] {
  const problems: MotionCheck[] = [];
  if (rule.sessionOnly && item.period !== 'session') problems.push({ field: '/body/period', message: 'a motion (议案) is submitted during the congress session only' });
  if (item.confirmedCoSigners < rule.minCoSigners) {
    problems.push({ field: '/body/coSigners', message: `a motion needs at least ${rule.minCoSigners} confirmed co-signers at this level; it has ${item.confirmedCoSigners}` });
  }
  if (item.body.length < rule.minBodyLength) problems.push({ field: '/body/body', message: `a motion's text must be at least ${rule.minBodyLength} characters (案由、案据和方案)` });
  return problems;
}
