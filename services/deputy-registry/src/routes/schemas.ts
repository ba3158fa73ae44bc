// Request and response schemas of the HTTP API (TypeBox → validation, serialisation, OpenAPI).
import { Type } from '@onenet/kit';
import { ACTIVITY_KINDS, ATTENDANCE } from '../domain/activities.ts';
import { DEPUTY_LEVELS } from '../domain/levels.ts';
import { EIGHT_HAVES, GROUP_ROLES, STATION_BOOKS, STATION_KINDS } from '../domain/stations.ts';
import { DUTY_KINDS, EIGHT_ONES } from '../domain/duties.ts';

export const Uuid = Type.String({ format: 'uuid' });
export const DateOnly = Type.String({ format: 'date', description: 'a calendar date, 2024-03-01' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
export const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
export const OptText = (max = 200) => Type.Optional(Nullable(Type.String({ maxLength: max })));
export const Level = Type.Enum([...DEPUTY_LEVELS]);
export const TenantPath = Type.String({ pattern: '^[0-9]{6,12}(/[0-9]{6,12})*$', description: 'a tenant path, 450000/451100/451102' });
export const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export const IdParams = Type.Object({ id: Uuid });
export const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};
export const Format = Type.Optional(Type.Enum(['json', 'xlsx'], { description: 'xlsx: the list as an Excel workbook' }));
/** A tenant by division code (451102) or path (450000/451100/451102). */
export const TenantQuery = Type.Optional(Type.String({ pattern: '^[0-9]{6,12}(/[0-9]{6,12})*$', description: 'a division code or tenant path' }));

export const MandateStatus = Type.Enum(['active', 'resigned', 'terminated', 'ended']);

export const Mandate = Type.Object({
  id: Uuid,
  personId: Uuid,
  tenantPath: TenantPath,
  level: Level,
  term: Type.String(),
  delegation: Nullable(Type.String()),
  constituency: Nullable(Type.String()),
  startDate: DateOnly,
  endDate: Nullable(DateOnly),
  status: MandateStatus,
  endReason: Nullable(Type.Enum(['term-ended', 'resigned', 'terminated'])),
});

const personProperties = {
  id: Uuid,
  tenantPath: TenantPath,
  name: Type.String(),
  gender: Nullable(Type.Enum(['female', 'male'])),
  ethnicity: Nullable(Type.String()),
  birthMonth: Nullable(Type.String()),
  occupation: Nullable(Type.String()),
  workplace: Nullable(Type.String()),
  isFarmer: Type.Boolean(),
  photoUrl: Nullable(Type.String({ description: 'the photo: the public URL of the uploaded one, or a URL set by hand' })),
  photo: Nullable(Type.Object({ contentType: Type.String(), byteSize: Type.Integer(), uploadedAt: Type.String() }, { description: 'the uploaded photo (PUT /persons/{id}/photo)' })),
  publicContact: Nullable(Type.String()),
  published: Type.Boolean(),
  userId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
export const Person = Type.Object(personProperties);
export const PersonListItem = Type.Object({ ...personProperties, mandates: Type.Array(Mandate) });
export const PersonDetail = Type.Object({
  ...personProperties,
  mandates: Type.Array(Mandate),
  groups: Type.Array(Type.Object({ groupId: Uuid, name: Type.String(), role: Type.String(), joinedOn: DateOnly, leftOn: Nullable(DateOnly) })),
  managed: Type.Boolean({ description: "whether the caller's congress may edit this person" }),
  private: Type.Optional(
    Type.Object({ idNumber: Nullable(Type.String()), phone: Nullable(Type.String()) }, { description: 'only for staff/admin of a congress that registered the person or elected one of their mandates' }),
  ),
});

export const PersonFields = {
  gender: Type.Optional(Nullable(Type.Enum(['female', 'male']))),
  ethnicity: OptText(50),
  birthMonth: Type.Optional(Nullable(Type.String({ maxLength: 20, description: '1975-03' }))),
  occupation: OptText(200),
  workplace: OptText(200),
  isFarmer: Type.Optional(Type.Boolean({ description: '农民代表' })),
  photoUrl: Type.Optional(
    Nullable(Type.String({ maxLength: 1000, pattern: '^(https?://[^\\s/]+|/)[^\\s]*$', description: 'an http(s) URL, or a path on this site (the uploaded photo’s, sent back unchanged)' })),
  ),
  publicContact: OptText(200),
  published: Type.Optional(Type.Boolean()),
  userId: OptText(100),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 30, description: '18-digit resident ID number' }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
};

export const MandateInput = Type.Object(
  {
    level: Level,
    term: Text(50),
    delegation: OptText(100),
    constituency: OptText(100),
    startDate: DateOnly,
    endDate: Type.Optional(Nullable(DateOnly)),
  },
  { additionalProperties: false },
);

export const PublicMandate = Type.Object({
  level: Level,
  tenantPath: TenantPath,
  tenantName: Nullable(Type.String()),
  term: Type.String(),
  constituency: Nullable(Type.String()),
  delegation: Nullable(Type.String()),
});
export const PublicProfile = Type.Object({
  personId: Uuid,
  name: Type.String(),
  photoUrl: Nullable(Type.String()),
  occupation: Nullable(Type.String()),
  publicContact: Nullable(Type.String()),
  mandates: Type.Array(PublicMandate),
});

export const Station = Type.Object({
  id: Uuid,
  tenantPath: TenantPath,
  name: Type.String(),
  kind: Type.Enum([...STATION_KINDS]),
  address: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const EightHaves = Type.Object({
  items: Type.Array(Type.Object({ item: Type.Enum([...EIGHT_HAVES]), label: Type.String(), present: Type.Boolean(), evidence: Nullable(Type.String()), note: Nullable(Type.String()) })),
  present: Type.Integer(),
  complete: Type.Boolean(),
});
export const StationDetail = Type.Object({ ...Station.properties, eightHaves: EightHaves, groups: Type.Array(Type.Object({ id: Uuid, name: Type.String() })) });

export const Group = Type.Object({
  id: Uuid,
  tenantPath: TenantPath,
  formedByTenantPath: TenantPath,
  stationId: Nullable(Uuid),
  name: Type.String(),
  liaisonName: Nullable(Type.String()),
  liaisonUserId: Nullable(Type.String()),
  dissolvedOn: Nullable(DateOnly),
});
export const GroupMember = Type.Object({ personId: Uuid, name: Type.String(), role: Type.Enum([...GROUP_ROLES]), joinedOn: DateOnly, leftOn: Nullable(DateOnly), levels: Type.Array(Type.String()) });
export const GroupDetail = Type.Object({ ...Group.properties, members: Type.Array(GroupMember) });

export const StationRecord = Type.Object({
  id: Uuid,
  book: Type.Enum([...STATION_BOOKS]),
  recordedOn: DateOnly,
  title: Type.String(),
  people: Nullable(Type.String()),
  content: Nullable(Type.String()),
  handling: Nullable(Type.String()),
  recordedBy: Type.String(),
});

export const Assistance = Type.Object({
  id: Uuid,
  tenantPath: TenantPath,
  stationId: Nullable(Uuid),
  personId: Uuid,
  household: Type.String(),
  village: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  measures: Nullable(Type.String()),
  startedOn: DateOnly,
  endedOn: Nullable(DateOnly),
  outcome: Nullable(Type.String()),
});

export const ActivityKind = Type.Enum([...ACTIVITY_KINDS]);
export const Attendance = Type.Enum([...ATTENDANCE]);
export const Participant = Type.Object({ personId: Uuid, attendance: Attendance }, { additionalProperties: false });
const activityProperties = {
  id: Uuid,
  tenantPath: TenantPath,
  kind: ActivityKind,
  theme: Type.String(),
  startDate: DateOnly,
  endDate: DateOnly,
  place: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  stationId: Nullable(Uuid),
  groupId: Nullable(Uuid),
  planId: Nullable(Uuid),
  incomeSkill: Type.Boolean(),
  cancelled: Type.Boolean(),
  recordedBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
export const Activity = Type.Object(activityProperties);
export const Photo = Type.Object({ id: Uuid, contentType: Type.String(), byteSize: Type.Integer(), caption: Nullable(Type.String()), uploadedAt: Type.String() });
export const ActivityDetail = Type.Object({
  ...activityProperties,
  participants: Type.Array(Type.Object({ personId: Uuid, name: Type.String(), attendance: Attendance })),
  photos: Type.Array(Photo),
});

export const Plan = Type.Object({
  id: Uuid,
  tenantPath: TenantPath,
  year: Type.Integer(),
  title: Type.String(),
  stationId: Nullable(Uuid),
  groupId: Nullable(Uuid),
});
export const PlanDetail = Type.Object({
  ...Plan.properties,
  quarters: Type.Array(
    Type.Object({
      quarter: Type.Integer(),
      theme: Nullable(Type.String()),
      held: Type.Boolean(),
      activities: Type.Array(Type.Object({ id: Uuid, kind: ActivityKind, theme: Type.String(), startDate: DateOnly, endDate: DateOnly })),
    }),
  ),
});

export const EightOnesStatus = Type.Object({
  item: Type.Enum([...EIGHT_ONES]),
  label: Type.String(),
  applicable: Type.Boolean(),
  done: Type.Integer(),
  needed: Type.Integer(),
  met: Type.Boolean(),
  points: Type.Number(),
  maxPoints: Type.Number(),
});
const assessmentProperties = {
  items: Type.Array(EightOnesStatus),
  metCount: Type.Integer(),
  applicableCount: Type.Integer(),
  itemScore: Type.Number(),
  bonus: Type.Number(),
  score: Type.Number(),
  maxScore: Type.Number(),
  grade: Type.String(),
  counts: Type.Record(Type.String(), Type.Integer()),
};
export const DeputyYear = Type.Object({
  personId: Uuid,
  name: Type.String(),
  levels: Type.Array(Level),
  year: Type.Integer(),
  ...assessmentProperties,
});
export const DeputyYearDetail = Type.Object({
  ...DeputyYear.properties,
  scheme: Type.Object({ definedBy: Nullable(TenantPath), maxScore: Type.Number() }),
  facts: Type.Array(
    Type.Object({
      source: Type.String(),
      ref: Uuid,
      kind: Type.Enum([...DUTY_KINDS]),
      occurredOn: DateOnly,
      counted: Type.Boolean(),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});
export const DutyReport = Type.Object({
  scope: Type.Object({ kind: Type.Enum(['deputy', 'group', 'station', 'tenant']), id: Type.String(), name: Nullable(Type.String()) }),
  year: Type.Integer(),
  scheme: Type.Object({ definedBy: Nullable(TenantPath), maxScore: Type.Number() }),
  summary: Type.Object({
    deputies: Type.Integer(),
    averageScore: Type.Number(),
    allMet: Type.Integer(),
    items: Type.Array(Type.Object({ item: Type.String(), label: Type.String(), applicable: Type.Integer(), met: Type.Integer() })),
    grades: Type.Array(Type.Object({ label: Type.String(), count: Type.Integer() })),
    asOf: Type.String({ format: 'date-time', description: 'when the figures were counted' }),
  }),
  deputies: Type.Array(DeputyYear),
  total: Type.Integer(),
});

export const HistoryEntry = Type.Object({
  at: Type.String(),
  tenantPath: TenantPath,
  action: Type.String(),
  actor: Nullable(Type.Object({ userId: Type.String(), name: Nullable(Type.String()) })),
  changes: Type.Record(Type.String(), Type.Unknown()),
});

export const RosterProblem = Type.Object({ row: Type.Integer(), field: Type.String(), column: Type.String(), reason: Type.String() });
export const ImportSummary = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  problems: Type.Array(RosterProblem),
  changes: Nullable(
    Type.Object({
      personsCreated: Type.Integer(),
      personsMatched: Type.Integer(),
      personsUpdated: Type.Integer(),
      mandatesCreated: Type.Integer(),
      mandatesUpdated: Type.Integer(),
      unchanged: Type.Integer(),
    }),
  ),
});

export const Paged = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
export const Items = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });
