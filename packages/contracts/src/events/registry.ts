// Deputy registry (代表信息库): people, mandates, mixed groups, activities.
// Events carry public data only — never a private phone number or ID number.
import Type from 'typebox';
import { defineEvent } from '../define.ts';
import { DateOnly, DeputyLevel, Nullable, TenantPath, Text, Uuid } from './common.ts';

const service = 'registry';

const Person = {
  personId: Uuid,
  name: Text(100),
  gender: Nullable(Type.Enum(['female', 'male'])),
  /** 民族, e.g. 壮族 */
  ethnicity: Nullable(Text(50)),
  occupation: Nullable(Text(200)),
  /** The person's login (Keycloak user id) once they have one. */
  userId: Nullable(Type.String({ minLength: 1 })),
};

export const PersonCreated = defineEvent({
  service,
  entity: 'person',
  event: 'created',
  version: 1,
  schema: Type.Object(Person, { additionalProperties: false }),
});

export const PersonChanged = defineEvent({
  service,
  entity: 'person',
  event: 'changed',
  version: 1,
  // The whole new state plus which fields changed: consumers keep a copy without a read-back.
  schema: Type.Object(
    { ...Person, changedFields: Type.Array(Type.Enum(['name', 'gender', 'ethnicity', 'occupation', 'userId']), { minItems: 1, uniqueItems: true }) },
    { additionalProperties: false },
  ),
});

/** Every field of a person that can change; private ones (idNumber, phone) are named, never sent. */
export const PERSON_FIELDS = ['name', 'gender', 'ethnicity', 'birthMonth', 'occupation', 'workplace', 'isFarmer', 'photoUrl', 'publicContact', 'published', 'userId', 'idNumber', 'phone'] as const;

/**
 * v2: changedFields names every person field that changed (v1 only five of them), and the state
 * carries the public ones v1 lacks. The registry publishes v1 beside it (when one of v1's fields
 * changed) until every consumer reads v2.
 */
export const PersonChangedV2 = defineEvent({
  service,
  entity: 'person',
  event: 'changed',
  version: 2,
  schema: Type.Object(
    {
      ...Person,
      workplace: Nullable(Text(200)),
      /** 农民代表 */
      isFarmer: Type.Boolean(),
      /** The photo's URL (the registry's public photo route for an uploaded one). */
      photoUrl: Nullable(Type.String({ maxLength: 1000 })),
      publicContact: Nullable(Text(200)),
      /** Shown in the public profiles (代表信息公开). */
      published: Type.Boolean(),
      changedFields: Type.Array(Type.Enum([...PERSON_FIELDS]), { minItems: 1, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
});

const MandateStatus = Type.Enum(['active', 'resigned', 'terminated']);
const Mandate = {
  mandateId: Uuid,
  personId: Uuid,
  level: DeputyLevel,
  /** The congress that elected the deputy (the region's for national deputies). */
  electedByTenantPath: TenantPath,
  /** 届次, e.g. 市四届 */
  term: Text(50),
  /** 代表团 */
  delegation: Nullable(Text(100)),
  /** 选区 */
  constituency: Nullable(Text(100)),
  startDate: DateOnly,
  endDate: Nullable(DateOnly),
  status: MandateStatus,
};

export const MandateCreated = defineEvent({
  service,
  entity: 'mandate',
  event: 'created',
  version: 1,
  schema: Type.Object(Mandate, { additionalProperties: false }),
});

export const MandateChanged = defineEvent({
  service,
  entity: 'mandate',
  event: 'changed',
  version: 1,
  schema: Type.Object(
    {
      ...Mandate,
      changedFields: Type.Array(Type.Enum(['level', 'electedByTenantPath', 'term', 'delegation', 'constituency', 'startDate', 'endDate', 'status']), {
        minItems: 1,
        uniqueItems: true,
      }),
    },
    { additionalProperties: false },
  ),
});

/**
 * v2: the status says `term-ended` (任期届满) where v1 could only say `terminated`; a mandate that
 * ends is also announced as changed (status and endDate). The registry publishes v1 beside it for
 * changes v1 can state, until every consumer reads v2.
 */
export const MandateChangedV2 = defineEvent({
  service,
  entity: 'mandate',
  event: 'changed',
  version: 2,
  schema: Type.Object(
    {
      ...Mandate,
      status: Type.Enum(['active', 'term-ended', 'resigned', 'terminated']),
      changedFields: Type.Array(Type.Enum(['level', 'electedByTenantPath', 'term', 'delegation', 'constituency', 'startDate', 'endDate', 'status']), {
        minItems: 1,
        uniqueItems: true,
      }),
    },
    { additionalProperties: false },
  ),
});

export const MandateEnded = defineEvent({
  service,
  entity: 'mandate',
  event: 'ended',
  version: 1,
  schema: Type.Object(
    {
      mandateId: Uuid,
      personId: Uuid,
      endDate: DateOnly,
      /** term-ended: the 届 ran out; resigned / terminated: 辞职 / 终止代表资格 */
      reason: Type.Enum(['term-ended', 'resigned', 'terminated']),
    },
    { additionalProperties: false },
  ),
});

export const GroupMembershipChanged = defineEvent({
  service,
  entity: 'group',
  event: 'membership-changed',
  version: 1,
  // One person's change in one mixed group (混合编组代表小组).
  schema: Type.Object(
    {
      groupId: Uuid,
      stationId: Nullable(Uuid),
      personId: Uuid,
      change: Type.Enum(['joined', 'left', 'role-changed']),
      /** The role after the change (組长 leader, liaison 联络员, member); null when the person left. */
      role: Nullable(Type.Enum(['leader', 'liaison', 'member'])),
    },
    { additionalProperties: false },
  ),
});

export const ActivityKind = Type.Enum([
  'voter-reception', // 接待选民
  'research', // 调研
  'inspection', // 视察
  'training', // 培训
  'group-activity', // 小组活动
  'voter-visit', // 走访选民
  'poverty-help', // 联系帮扶
  'practical-deed', // 为民办实事
]);

export const ActivityRecorded = defineEvent({
  service,
  entity: 'activity',
  event: 'recorded',
  version: 1,
  schema: Type.Object(
    {
      activityId: Uuid,
      kind: ActivityKind,
      theme: Text(200),
      startDate: DateOnly,
      endDate: DateOnly,
      place: Nullable(Text(200)),
      stationId: Nullable(Uuid),
      groupId: Nullable(Uuid),
      /** Deputies who took part; each one's annual duties (八个一) count it. */
      participantPersonIds: Type.Array(Uuid, { minItems: 1, uniqueItems: true }),
      outcome: Nullable(Text(2000)),
      /** Set when the activity belongs to a linked-activity plan (联动履职). */
      linkedPlanId: Nullable(Uuid),
    },
    { additionalProperties: false },
  ),
});
