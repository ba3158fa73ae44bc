// ⚠ LOCAL CONTRACTS — to be moved into @onenet/contracts (packages/contracts/src/events/suggestions.ts).
// The catalogue's suggestion events cannot carry everything this service does: its v1
// `transitioned` has no action, no `follow-up` state, no split units and no round; nothing exists
// for deadlines, supervision, look-back, notices, threads or the opinions' own steps. Until the
// catalogue has them, they are defined here with the same defineEvent, subjects and stream
// (onenet.suggestions.… on ONENET_SUGGESTIONS), so moving them changes no byte on the wire.
import { defineEvent } from '@onenet/contracts';
import { Type, type TSchema } from '@onenet/kit';
import { STATES, ACTIONS } from '../domain/workflow.ts';

const service = 'suggestions';
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateOnly = Type.String({ format: 'date' });

/** Every workflow step, with the action that caused it (v1 lacks the action and `follow-up`). */
export const SuggestionTransitionedV2 = defineEvent({
  service,
  entity: 'suggestion',
  event: 'transitioned',
  version: 2,
  schema: Type.Object(
    {
      suggestionId: Uuid,
      number: Nullable(Type.String()),
      kind: Type.Enum(['motion', 'suggestion', 'letter']),
      leadPersonId: Uuid,
      action: Type.Enum([...ACTIONS]),
      actorPart: Type.String(),
      from: Type.Enum([...STATES]),
      to: Type.Enum([...STATES]),
      /** Seq of the audit record this event mirrors. */
      auditSeq: Type.Integer({ minimum: 1 }),
      reason: Nullable(Type.String({ maxLength: 4000 })),
      round: Type.Integer({ minimum: 0 }),
      leadUnitId: Nullable(Uuid),
      coUnitIds: Type.Array(Uuid),
      splitUnitIds: Type.Array(Uuid),
      resultCategory: Nullable(Type.Enum(['A', 'B', 'C', 'D'])),
      satisfaction: Nullable(Type.Enum(['satisfied', 'basically-satisfied', 'dissatisfied'])),
      actuallySolved: Nullable(Type.Boolean()),
      mergedInto: Nullable(Uuid),
    },
    { additionalProperties: false },
  ),
});

const DeadlineData = Type.Object(
  {
    deadlineId: Uuid,
    suggestionId: Uuid,
    number: Nullable(Type.String()),
    title: Type.String(),
    kind: Type.String({ description: 'sign-for, reply, co-opinion, meeting, evaluation, second-reply, publish, follow-up, assign' }),
    unitId: Nullable(Uuid),
    dueOn: DateOnly,
    /** Working days left (reminder) or overdue (escalation). */
    workingDays: Type.Integer(),
  },
  { additionalProperties: false },
);

/** A deadline is near: the office-docs service notifies the unit or person from this. */
export const DeadlineReminder = defineEvent({ service, entity: 'deadline', event: 'reminder', version: 1, schema: DeadlineData });
/** A deadline has passed unmet: escalated to the congress's staff and leaders. */
export const DeadlineEscalated = defineEvent({ service, entity: 'deadline', event: 'escalated', version: 1, schema: DeadlineData });

export const SupervisionChanged = defineEvent({
  service,
  entity: 'supervision',
  event: 'changed',
  version: 1,
  schema: Type.Object(
    {
      supervisionId: Uuid,
      suggestionId: Uuid,
      year: Type.Integer(),
      change: Type.Enum(['selected', 'activity-recorded', 'concluded']),
      leaderUserId: Type.String(),
      activityKind: Nullable(Type.Enum(['meeting', 'site-visit', 'hearing'])),
    },
    { additionalProperties: false },
  ),
});

export const LookbackChanged = defineEvent({
  service,
  entity: 'lookback',
  event: 'changed',
  version: 1,
  schema: Type.Object(
    {
      lookbackId: Uuid,
      suggestionId: Nullable(Uuid),
      change: Type.Enum(['started', 'self-checked', 'under-supervision', 'confirmed', 'second-reply-demanded']),
      itemCount: Nullable(Type.Integer()),
    },
    { additionalProperties: false },
  ),
});

export const NoticePublished = defineEvent({
  service,
  entity: 'notice',
  event: 'published',
  version: 1,
  schema: Type.Object(
    { noticeId: Uuid, kind: Type.Enum(['progress', 'results']), year: Type.Integer(), month: Nullable(Type.Integer()), title: Type.String() },
    { additionalProperties: false },
  ),
});

export const MessagePosted = defineEvent({
  service,
  entity: 'message',
  event: 'posted',
  version: 1,
  schema: Type.Object(
    { messageId: Uuid, suggestionId: Uuid, authorUserId: Type.String(), authorPart: Type.String(), recipients: Type.Array(Type.String()) },
    { additionalProperties: false },
  ),
});

/** A constituent opinion's every step (the catalogue's opinions.opinion.handled covers outcomes only). */
export const OpinionStep = defineEvent({
  service,
  entity: 'opinion',
  event: 'step',
  version: 1,
  schema: Type.Object(
    {
      opinionId: Uuid,
      action: Type.Enum(['received', 'merged', 'rejected', 'forwarded', 'sent-to-unit', 'answered', 'became-suggestion']),
      from: Nullable(Type.String()),
      to: Type.String(),
      unitId: Nullable(Uuid),
      suggestionId: Nullable(Uuid),
    },
    { additionalProperties: false },
  ),
});
