// Response schemas: what each route answers, for the OpenAPI document, the generated client and
// fastify's validated serialization. Instants go out as ISO 8601 strings (see `isoInstants`),
// calendar days as `YYYY-MM-DD`.
import { Type, type Static, type TSchema } from '@onenet/kit';
import { Settings } from '../domain/settings.ts';
import { ACTIONS, RESULT_CATEGORIES, STATES } from '../domain/workflow.ts';
import { DateOnly, Nullable, Uuid, Year } from './support.ts';

/** An instant: handlers may hand over pg's Date, which `isoInstants` turns into the string the schema checks. */
export const Instant = Type.Unsafe<string | Date>(Type.String({ format: 'date-time', description: 'an instant, ISO 8601' }));
export const Day = Type.String({ description: 'a calendar day in Beijing, 2026-10-10' });
const Int = Type.Integer({ minimum: 0 });
const State = Type.Enum([...STATES]);
const Kind = Type.Enum(['motion', 'suggestion', 'letter']);
const Category = Type.Enum([...RESULT_CATEGORIES]);
const SatisfactionValue = Type.Enum(['satisfied', 'basically-satisfied', 'dissatisfied']);
const Part = Type.Enum(['lead-deputy', 'co-signer', 'staff', 'lead-unit', 'co-unit', 'leader', 'system']);
const UnitRole = Type.Enum(['lead', 'co', 'split']);

export const Items = <T extends TSchema>(item: T, extra: Record<string, TSchema> = {}) => Type.Object({ items: Type.Array(item), ...extra });

/**
 * A value whose type the code cannot state (rows of untyped queries, JSON columns) handed to a
 * route with a response schema: fastify validates it against `schema` before it leaves.
 */
export const checkedOnSend = <T extends TSchema>(_schema: T, value: unknown): Static<T> => value as Static<T>;

/** A binary download (Excel, PDF, an uploaded file). */
export const FileResponse = (description: string, types: string[]) => ({
  description,
  content: Object.fromEntries(types.map((t) => [t, { schema: Type.String({ format: 'binary' }) }])),
});
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** JSON by default, or an Excel file with ?format=xlsx. */
export const JsonOrXlsx = <T extends TSchema>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema }, [XLSX_TYPE]: { schema: Type.String({ format: 'binary' }) } },
});

// ------------------------------------------------------------------ items
export const ListItemSchema = Type.Object({
  id: Uuid,
  tenantPath: Type.String(),
  number: Nullable(Type.String({ description: 'given at registration (立案)' })),
  kind: Kind,
  period: Type.Enum(['session', 'between-sessions']),
  sessionName: Nullable(Type.String()),
  year: Year,
  title: Type.String(),
  field: Nullable(Type.String()),
  state: State,
  leadDeputyId: Uuid,
  leadName: Type.String(),
  leadLevel: Type.String(),
  mergedInto: Nullable(Uuid),
  keySupervision: Type.Boolean(),
  resultCategory: Nullable(Category),
  satisfaction: Nullable(SatisfactionValue),
  actuallySolved: Nullable(Type.Boolean()),
  replyDue: Nullable(Day),
  repliedOn: Nullable(Day),
  createdAt: Instant,
  submittedAt: Nullable(Instant),
});

export const ListResult = Type.Object({
  items: Type.Array(ListItemSchema),
  hasMore: Type.Boolean(),
  total: Type.Optional(Int),
  totalIsLowerBound: Type.Optional(Type.Boolean({ description: 'true: there are more than `total` (counting stops at 10,000)' })),
});

const Hit = { rank: Type.Number(), headline: Type.String({ description: 'the body (and replies) around the hits, marked with <mark>' }) };
export const SearchResult = Type.Object({
  items: Type.Array(Type.Object({ ...ListItemSchema.properties, ...Hit })),
  query: Nullable(Type.String({ description: 'the segmented tsquery; null when the query has no searchable word' })),
});

export const DeadlineSchema = Type.Object({
  id: Uuid,
  suggestionId: Uuid,
  kind: Type.String(),
  unitId: Nullable(Uuid),
  dueOn: Day,
  dueDay: Type.Object({ day: Day, working: Type.Boolean(), name: Type.String(), provisional: Type.Boolean() }),
  provisional: Type.Boolean(),
  status: Type.Enum(['open', 'overdue', 'met', 'cancelled']),
  metAt: Nullable(Instant),
  remindedAt: Nullable(Instant),
  escalatedAt: Nullable(Instant),
});

export const ItemDetail = Type.Object({
  ...ListItemSchema.properties,
  body: Type.String(),
  originalKind: Kind,
  opinionId: Nullable(Uuid),
  rejection: Nullable(Type.Object({ ground: Type.String(), reason: Nullable(Type.String()) })),
  replyRound: Int,
  extensionMonths: Int,
  assignedOn: Nullable(Day),
  replyDueProvisional: Type.Boolean(),
  publishedAt: Nullable(Instant),
  excellent: Type.Boolean(),
  audit: Type.Object({ records: Int, head: Type.String() }),
  yourParts: Type.Array(Part),
  nextActions: Type.Array(Type.Object({ action: Type.Enum([...ACTIONS]), parts: Type.Array(Part) })),
  cosigners: Type.Array(Type.Object({ deputyId: Uuid, name: Type.String(), status: Type.Enum(['invited', 'confirmed', 'declined', 'lapsed']), respondedAt: Nullable(Instant), cutoff: Nullable(Day) })),
  assignments: Type.Array(
    Type.Object({
      id: Uuid,
      unitId: Uuid,
      unitName: Type.String(),
      role: UnitRole,
      status: Type.Enum(['assigned', 'signed-for', 'adjustment-requested', 'replaced']),
      assignedOn: Day,
      signForDue: Day,
      signedForAt: Nullable(Instant),
      adjustmentReason: Nullable(Type.String()),
      coOpinion: Nullable(Type.String()),
      coOpinionAt: Nullable(Instant),
      coOpinionDue: Nullable(Day),
    }),
  ),
  meetings: Type.Array(Type.Object({ id: Uuid, unitId: Uuid, heldOn: Day, mode: Type.String(), participants: Type.String(), summary: Type.String() })),
  extensions: Type.Array(Type.Object({ id: Uuid, months: Int, reason: Type.String(), requestedAt: Instant, approvedAt: Nullable(Instant), newDue: Nullable(Day) })),
  replies: Type.Array(
    Type.Object({
      id: Uuid,
      round: Int,
      unitId: Uuid,
      unitName: Type.String(),
      category: Category,
      body: Type.String(),
      signedBy: Type.String(),
      evidence: Nullable(Type.String()),
      coOpinions: Type.Array(Type.Object({ unitId: Uuid, unitName: Type.String(), opinion: Nullable(Type.String()) })),
      viaMergeOf: Nullable(Uuid),
      boilerplate: Nullable(Type.Object({ score: Nullable(Type.Number()), similarTo: Uuid })),
      returned: Nullable(Type.Object({ at: Instant, reason: Nullable(Type.String()) })),
      repliedOn: Day,
    }),
  ),
  evaluations: Type.Array(Type.Object({ round: Int, satisfaction: SatisfactionValue, actuallySolved: Nullable(Type.Boolean()), comment: Nullable(Type.String()), at: Instant })),
  followUps: Type.Array(Type.Object({ id: Uuid, unitId: Uuid, promise: Type.String(), dueOn: Day, status: Type.Enum(['open', 'kept', 'broken']), checkedAt: Nullable(Instant), evidence: Nullable(Type.String()) })),
  deadlines: Type.Array(DeadlineSchema),
  attachments: Type.Array(Type.Object({ id: Uuid, filename: Type.String(), contentType: Type.String(), size: Int })),
  supervision: Nullable(Type.Object({ id: Uuid, leaderName: Type.String(), governmentLeader: Nullable(Type.String()), status: Type.Enum(['active', 'concluded']) })),
  mergedItems: Type.Array(Type.Object({ id: Uuid, number: Nullable(Type.String()), leadName: Type.String(), state: State })),
  motionLevel: Type.Enum(['region', 'city', 'county', 'township']),
});

export const Created = Type.Object({
  id: Uuid,
  state: State,
  tenantPath: Type.String(),
  kind: Kind,
  period: Type.Enum(['session', 'between-sessions']),
  title: Type.String(),
  leadName: Type.String(),
  leadMandateId: Uuid,
  cosigners: Type.Array(Type.Object({ deputyId: Uuid, status: Type.Literal('invited') })),
});

export const AuditResult = Type.Object({
  records: Type.Array(
    Type.Object({
      suggestionId: Uuid,
      seq: Type.Integer({ minimum: 1 }),
      at: Instant,
      actorUserId: Type.String(),
      actorName: Type.String(),
      actorPart: Type.String(),
      actorUnitId: Nullable(Type.String()),
      action: Type.String(),
      fromState: Type.String(),
      toState: Type.String(),
      comment: Nullable(Type.String()),
      data: Type.Record(Type.String(), Type.Unknown()),
      prevHash: Type.String(),
      hash: Type.String(),
    }),
  ),
  verified: Type.Boolean(),
  problems: Type.Array(Type.Object({ suggestionId: Uuid, seq: Nullable(Type.Integer()), problem: Type.String() })),
});

export const Duplicates = Items(
  Type.Object({
    id: Uuid,
    number: Nullable(Type.String()),
    title: Type.String(),
    year: Year,
    tenantPath: Type.String(),
    state: State,
    leadName: Type.String(),
    mergedInto: Nullable(Uuid),
    similarity: Type.Number({ minimum: 0, maximum: 1 }),
  }),
);

// ------------------------------------------------------------------ settings, units, templates, deadlines
export const SettingsResult = Type.Object({
  tenantPath: Type.String(),
  effective: Settings,
  overrides: Type.Record(Type.String(), Type.Unknown()),
  defaults: Type.Optional(Settings),
});
export const UnitSchema = Type.Object({ id: Uuid, tenantPath: Type.String(), name: Type.String(), headName: Nullable(Type.String()), active: Type.Boolean() });
export const UnitWritten = Type.Object({ id: Uuid, tenantPath: Type.String(), name: Type.String(), headName: Type.Optional(Nullable(Type.String())), active: Type.Optional(Type.Boolean()) });
export const Template = Type.Object({ id: Uuid, unitId: Nullable(Uuid), name: Type.String(), body: Type.String() });
export const DeadlineList = Type.Object({ today: Day, items: Type.Array(Type.Object({ ...DeadlineSchema.properties, number: Nullable(Type.String()), title: Type.String() })) });
export const ScanResultSchema = Type.Object({ today: Day, reminded: Int, escalated: Int });
export const CalendarResult = Type.Object({
  coveredYears: Type.Array(Type.Integer(), { description: 'years the holiday data covers; other years are computed Monday–Friday (provisional)' }),
  days: Type.Array(Type.Object({ day: DateOnly, working: Type.Boolean(), name: Type.String(), provisional: Type.Boolean() })),
});

// ------------------------------------------------------------------ supervision, look-back, threads, assessment, notices
export const SupervisionSelected = Type.Object({ id: Uuid, suggestionId: Uuid, leaderName: Type.String(), year: Year });
export const Supervision = Type.Object({
  id: Uuid,
  year: Year,
  suggestion: Type.Object({ id: Uuid, number: Nullable(Type.String()), title: Type.String(), state: State, resultCategory: Nullable(Category), satisfaction: Nullable(SatisfactionValue) }),
  leaderUserId: Type.String(),
  leaderName: Type.String(),
  members: Type.Array(Type.Object({ name: Type.String(), role: Type.String() })),
  governmentLeader: Nullable(Type.String()),
  goal: Nullable(Type.String()),
  status: Type.Enum(['active', 'concluded']),
  conclusion: Nullable(Type.String()),
  activities: Type.Array(Type.Object({ id: Uuid, kind: Type.Enum(['meeting', 'site-visit', 'hearing']), heldOn: Day, place: Nullable(Type.String()), participants: Type.String(), summary: Type.String() })),
});
const LookbackHead = {
  id: Uuid,
  title: Type.String(),
  yearFrom: Year,
  yearTo: Year,
  categories: Type.Array(Category),
};
export const LookbackSummary = Type.Object({ ...LookbackHead, tenantPath: Type.String() });
export const Lookback = Type.Object({
  ...LookbackHead,
  createdAt: Instant,
  items: Type.Array(
    Type.Object({
      suggestionId: Uuid,
      number: Nullable(Type.String()),
      title: Type.String(),
      year: Year,
      category: Nullable(Category),
      state: State,
      unitId: Nullable(Uuid),
      status: Type.Enum(['selected', 'self-checked', 'under-supervision', 'confirmed', 'second-reply-demanded']),
      selfCheck: Nullable(Type.String()),
      selfCheckSolved: Nullable(Type.Boolean()),
      supervisionNote: Nullable(Type.String()),
    }),
  ),
});
export const Message = Type.Object({ id: Uuid, authorName: Type.String(), authorPart: Part, body: Type.String(), at: Instant });
export const MessagePostedSchema = Type.Object({ id: Uuid, authorName: Type.String(), authorPart: Part, body: Type.String() });
const Rate = Type.Number({ minimum: 0, maximum: 1 });
export const Assessment = Type.Object({
  year: Year,
  units: Type.Array(
    Type.Object({
      unitId: Uuid,
      unitName: Type.String(),
      assigned: Int,
      led: Int,
      signedOnTime: Int,
      met: Int,
      repliedOnTime: Int,
      replied: Int,
      evaluated: Int,
      satisfied: Int,
      basicallySatisfied: Int,
      dissatisfied: Int,
      categories: Type.Object({ A: Int, B: Int, C: Int, D: Int }),
      actuallySolved: Int,
      promises: Int,
      promisesKept: Int,
      promisesBroken: Int,
      promisesOverdue: Int,
      boilerplate: Int,
      rates: Type.Object({ signForOnTime: Rate, meeting: Rate, replyOnTime: Rate, satisfaction: Rate, actuallySolved: Rate }),
      score: Type.Number(),
      rank: Type.Integer({ minimum: 1 }),
      excellent: Type.Boolean(),
    }),
  ),
  excellentSuggestions: Type.Array(Type.Object({ id: Uuid, number: Nullable(Type.String()), title: Type.String(), leadName: Type.String() })),
});
export const Notice = Type.Object({
  id: Uuid,
  kind: Type.Enum(['progress', 'results']),
  year: Year,
  month: Nullable(Type.Integer({ minimum: 1, maximum: 12 })),
  title: Type.String(),
  tenantPath: Type.String(),
  createdAt: Instant,
  publishedAt: Nullable(Instant),
  rows: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]))),
});
export const AttachmentStored = Type.Object({ id: Uuid, filename: Type.String(), contentType: Type.String(), size: Int });

// ------------------------------------------------------------------ the public site
export const PublicItem = Type.Object({
  id: Uuid,
  congress: Type.String(),
  tenantPath: Type.String(),
  number: Nullable(Type.String()),
  kind: Kind,
  year: Year,
  sessionName: Nullable(Type.String()),
  field: Nullable(Type.String()),
  state: State,
  leadName: Type.String(),
  leadLevel: Type.String(),
  title: Nullable(Type.String()),
  body: Nullable(Type.String()),
  reply: Nullable(Type.String()),
  resultCategory: Nullable(Category),
  resultCategoryLabel: Nullable(Type.String()),
  satisfaction: Nullable(SatisfactionValue),
  satisfactionLabel: Nullable(Type.String()),
  repliedOn: Nullable(Day),
  publishedAt: Nullable(Instant),
});
export const PublicHit = Type.Object({ ...PublicItem.properties, ...Hit });
export const PublicItemDetail = Type.Object({
  ...PublicItem.properties,
  units: Type.Array(Type.Object({ name: Type.String(), role: UnitRole })),
  progress: Type.Array(Type.Object({ action: Type.String(), state: State, on: Day })),
});

/**
 * Instants (pg's Date objects) as ISO 8601 strings, deep, before a response is validated and
 * serialized: the wire format JSON.stringify would give them, checkable by the schemas.
 */
export function isoInstants(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(isoInstants);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = isoInstants(v);
    return out;
  }
  return value;
}
