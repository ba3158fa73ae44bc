// Annual duties (八个一) and the performance score (履职评估).
//
// A deputy's year is a tally of duty facts — what happened, from the registry's own activities
// and from other services' events — and nothing is ticked by hand. The eight items:
//   1 group-activity       每半年开展一次代表小组活动 — one in each half-year
//   2 inspection-research  每年至少开展一次代表视察和调研活动 — an inspection and a research
//   3 training             每年参加一期代表培训班
//   4 voter-visit          每年开展一次走访选民、听取选民意见和诉求活动
//   5 suggestion           每年就政府工作提一条建议
//   6 income-skill         每位农民代表学习掌握一门以上致富技术 — farmer deputies only
//   7 poverty-help         每位代表联系帮扶一户贫困户
//   8 practical-deed       每年为群众办一件实事
// Which facts satisfy which item, what each item is worth and the bonus for doing more are the
// scoring scheme: a per-tenant setting (see DEFAULT_SCHEME and README).
import Type, { type Static } from 'typebox';
import { ACTIVITY_KINDS } from './activities.ts';

/**
 * `suggestion` is one the deputy led on the government's work (or not said otherwise);
 * `other-suggestion` one the suggestions service says is not (SuggestionSubmitted.onGovernmentWork).
 */
export const DUTY_KINDS = [...ACTIVITY_KINDS, 'income-skill', 'training-class', 'suggestion', 'other-suggestion', 'co-signed-suggestion', 'opinion'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

export const DUTY_KIND_LABELS: Record<DutyKind, string> = {
  'voter-reception': '接待选民',
  research: '调研',
  inspection: '视察',
  training: '培训活动',
  'group-activity': '小组活动',
  'voter-visit': '走访选民',
  'poverty-help': '联系帮扶',
  'practical-deed': '为民办实事',
  'income-skill': '致富技术培训',
  'training-class': '代表培训班',
  suggestion: '领衔建议',
  'other-suggestion': '领衔建议（非政府工作）',
  'co-signed-suggestion': '附议建议',
  opinion: '处理选民意见',
};

export const EIGHT_ONES = ['group-activity', 'inspection-research', 'training', 'voter-visit', 'suggestion', 'income-skill', 'poverty-help', 'practical-deed'] as const;
export type EightOnesItem = (typeof EIGHT_ONES)[number];

export const EIGHT_ONES_LABELS: Record<EightOnesItem, string> = {
  'group-activity': '每半年开展一次代表小组活动',
  'inspection-research': '每年至少开展一次视察和调研活动',
  training: '每年参加一期代表培训班',
  'voter-visit': '每年走访选民、听取意见一次',
  suggestion: '每年就政府工作提一条建议',
  'income-skill': '农民代表学习掌握一门致富技术',
  'poverty-help': '联系帮扶一户贫困户',
  'practical-deed': '每年为群众办一件实事',
};

const DutyKindSchema = Type.Enum([...DUTY_KINDS]);
const Points = Type.Number({ minimum: 0, maximum: 1000 });

export const ScoringSchemeSchema = Type.Object(
  {
    version: Type.Literal(1),
    /** Points for a fully met item. */
    itemPoints: Type.Object(Object.fromEntries(EIGHT_ONES.map((item) => [item, Points])) as Record<EightOnesItem, typeof Points>, {
      additionalProperties: false,
    }),
    /** Items with two parts (the two half-years; inspection and research) earn half when one part is met. */
    partialCredit: Type.Boolean(),
    /** Which facts satisfy the items that accept more than one kind. */
    sources: Type.Object(
      {
        training: Type.Array(DutyKindSchema, { minItems: 1, uniqueItems: true }),
        'voter-visit': Type.Array(DutyKindSchema, { minItems: 1, uniqueItems: true }),
        suggestion: Type.Array(DutyKindSchema, { minItems: 1, uniqueItems: true }),
        'poverty-help': Type.Array(DutyKindSchema, { minItems: 1, uniqueItems: true }),
        'practical-deed': Type.Array(DutyKindSchema, { minItems: 1, uniqueItems: true }),
      },
      { additionalProperties: false },
    ),
    /** An assistance pairing (代表帮扶花名册) active during the year satisfies poverty-help by itself. */
    assistanceCountsAsPovertyHelp: Type.Boolean(),
    /**
     * Items that do not apply (income-skill for a deputy who is not a farmer): `prorate` scales
     * the other items up to the same maximum; `award` gives the item's points.
     */
    notApplicable: Type.Enum(['prorate', 'award']),
    /** Points for each fact beyond those the eight items used, by kind (a kind left out earns none); the sum is capped. */
    bonusPoints: Type.Partial(Type.Record(DutyKindSchema, Points)),
    bonusCap: Points,
    /** Grades by minimum score, highest first; the last should start at 0. */
    grades: Type.Array(Type.Object({ min: Points, label: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 10,
    }),
  },
  { additionalProperties: false },
);
export type ScoringScheme = Static<typeof ScoringSchemeSchema>;

/**
 * The default: the eight items are worth 80 of 100 points (10 each), doing more earns up to 20.
 * Grades: 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, 不合格 below.
 */
export const DEFAULT_SCHEME: ScoringScheme = {
  version: 1,
  itemPoints: {
    'group-activity': 10,
    'inspection-research': 10,
    training: 10,
    'voter-visit': 10,
    suggestion: 10,
    'income-skill': 10,
    'poverty-help': 10,
    'practical-deed': 10,
  },
  partialCredit: true,
  sources: {
    training: ['training-class', 'training', 'income-skill'],
    'voter-visit': ['voter-visit', 'voter-reception', 'opinion'],
    suggestion: ['suggestion'],
    'poverty-help': ['poverty-help'],
    'practical-deed': ['practical-deed'],
  },
  assistanceCountsAsPovertyHelp: true,
  notApplicable: 'prorate',
  bonusPoints: {
    'voter-reception': 1,
    research: 1,
    inspection: 1,
    training: 0.5,
    'group-activity': 1,
    'voter-visit': 1,
    'poverty-help': 1,
    'practical-deed': 2,
    'income-skill': 0.5,
    'training-class': 0.5,
    suggestion: 2,
    'other-suggestion': 2,
    'co-signed-suggestion': 1,
    opinion: 1,
  },
  bonusCap: 20,
  grades: [
    { min: 90, label: '优秀' },
    { min: 75, label: '良好' },
    { min: 60, label: '合格' },
    { min: 0, label: '不合格' },
  ],
};

/** Semantic checks the JSON schema cannot express; each problem names its field. */
export function schemeProblems(scheme: ScoringScheme): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (let i = 1; i < scheme.grades.length; i++) {
    if (scheme.grades[i]!.min >= scheme.grades[i - 1]!.min) problems.push({ field: `/grades/${i}/min`, message: 'grades must be listed highest minimum first' });
  }
  if (scheme.grades.at(-1)?.min !== 0) problems.push({ field: `/grades/${scheme.grades.length - 1}/min`, message: 'the last grade must start at 0' });
  if (Object.values(scheme.itemPoints).every((p) => p === 0)) problems.push({ field: '/itemPoints', message: 'at least one item must be worth points' });
  return problems;
}

/** A deputy's year as counted facts: per kind, how many in the first and in the second half. */
export interface DutyTally {
  counts: Partial<Record<DutyKind, readonly [number, number]>>;
  /** 农民代表: the income-skill item applies. */
  isFarmer: boolean;
  /** An assistance pairing (帮扶) was active at some point of the year. */
  assistanceActive: boolean;
}

export interface EightOnesStatus {
  item: EightOnesItem;
  label: string;
  applicable: boolean;
  /** Parts done and needed: 2 for group-activity (two halves) and inspection-research. */
  done: number;
  needed: number;
  met: boolean;
  points: number;
  maxPoints: number;
}

export interface DutyAssessment {
  items: EightOnesStatus[];
  metCount: number;
  applicableCount: number;
  itemScore: number;
  bonus: number;
  score: number;
  maxScore: number;
  grade: string;
  /** Facts per kind for the year (both halves). */
  counts: Partial<Record<DutyKind, number>>;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Computes the eight-ones checklist and the score of one deputy-year under a scheme. */
/** The most points a deputy can earn in a year under a scheme: every item, and the full bonus. */
export function maxScoreOf(scheme: ScoringScheme): number {
  return EIGHT_ONES.reduce((s, item) => s + scheme.itemPoints[item], 0) + scheme.bonusCap;
}

export function assessDuties(tally: DutyTally, scheme: ScoringScheme = DEFAULT_SCHEME): DutyAssessment {
  // Remaining facts per kind, consumed as items use them; what is left earns bonus points.
  const left = new Map<DutyKind, [number, number]>();
  for (const kind of DUTY_KINDS) {
    const c = tally.counts[kind];
    left.set(kind, [c?.[0] ?? 0, c?.[1] ?? 0]);
  }
  const total = (kind: DutyKind): number => left.get(kind)![0] + left.get(kind)![1];
  const takeFromHalf = (kind: DutyKind, half: 0 | 1): boolean => {
    const c = left.get(kind)!;
    if (c[half] === 0) return false;
    c[half] -= 1;
    return true;
  };
  const takeAny = (kind: DutyKind): boolean => takeFromHalf(kind, 0) || takeFromHalf(kind, 1);
  const takeFirstOf = (kinds: readonly DutyKind[]): boolean => kinds.some((k) => total(k) > 0 && takeAny(k));

  const parts = (item: EightOnesItem): { done: number; needed: number; applicable: boolean } => {
    switch (item) {
      case 'group-activity':
        return { done: Number(takeFromHalf('group-activity', 0)) + Number(takeFromHalf('group-activity', 1)), needed: 2, applicable: true };
      case 'inspection-research':
        return { done: Number(takeAny('inspection')) + Number(takeAny('research')), needed: 2, applicable: true };
      case 'income-skill':
        if (!tally.isFarmer) return { done: 0, needed: 1, applicable: false };
        return { done: Number(takeAny('income-skill')), needed: 1, applicable: true };
      case 'poverty-help': {
        const byActivity = takeFirstOf(scheme.sources['poverty-help']);
        return { done: Number(byActivity || (scheme.assistanceCountsAsPovertyHelp && tally.assistanceActive)), needed: 1, applicable: true };
      }
      default:
        return { done: Number(takeFirstOf(scheme.sources[item])), needed: 1, applicable: true };
    }
  };

  // income-skill goes before training so that one income-skill class counts for the skill item
  // and is not swallowed by the training item when the deputy also attended a training class.
  const order: EightOnesItem[] = ['group-activity', 'inspection-research', 'income-skill', 'training', 'voter-visit', 'suggestion', 'poverty-help', 'practical-deed'];
  const evaluated = new Map<EightOnesItem, EightOnesStatus>();
  for (const item of order) {
    const { done, needed, applicable } = parts(item);
    const maxPoints = scheme.itemPoints[item];
    const met = applicable && done >= needed;
    let points = 0;
    if (!applicable) points = scheme.notApplicable === 'award' ? maxPoints : 0;
    else if (met) points = maxPoints;
    else if (scheme.partialCredit && needed > 1) points = (maxPoints * done) / needed;
    evaluated.set(item, { item, label: EIGHT_ONES_LABELS[item], applicable, done, needed, met, points, maxPoints });
  }
  const items = EIGHT_ONES.map((item) => evaluated.get(item)!);

  const itemMax = items.reduce((s, i) => s + i.maxPoints, 0);
  let itemScore = items.reduce((s, i) => s + i.points, 0);
  if (scheme.notApplicable === 'prorate') {
    const applicableMax = items.filter((i) => i.applicable).reduce((s, i) => s + i.maxPoints, 0);
    itemScore = applicableMax === 0 ? 0 : (itemScore * itemMax) / applicableMax;
  }
  let bonus = 0;
  for (const kind of DUTY_KINDS) bonus += total(kind) * (scheme.bonusPoints[kind] ?? 0);
  bonus = Math.min(bonus, scheme.bonusCap);

  const score = round1(itemScore + bonus);
  const counts: Partial<Record<DutyKind, number>> = {};
  for (const kind of DUTY_KINDS) {
    const c = tally.counts[kind];
    if (c && c[0] + c[1] > 0) counts[kind] = c[0] + c[1];
  }
  return {
    items,
    metCount: items.filter((i) => i.met).length,
    applicableCount: items.filter((i) => i.applicable).length,
    itemScore: round1(itemScore),
    bonus: round1(bonus),
    score,
    maxScore: maxScoreOf(scheme),
    grade: scheme.grades.find((g) => score >= g.min)?.label ?? scheme.grades.at(-1)!.label,
    counts,
  };
}
