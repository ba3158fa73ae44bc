// Suggestions (议案建议办理): submission and every workflow step.
import Type from 'typebox';
import { defineEvent } from '../define.ts';
import { DateOnly, Nullable, Text, Uuid } from './common.ts';

const service = 'suggestions';

export const SuggestionKind = Type.Enum(['motion', 'suggestion', 'letter']);

export const SuggestionState = Type.Enum([
  'draft',
  'co-signing',
  'submitted',
  'registered',
  'not-accepted',
  'withdrawn',
  'assigned',
  'signed-for',
  'adjustment-requested',
  'handling',
  'extended',
  'replied',
  'evaluated',
  're-handling',
  'published',
  'closed',
]);

export const SuggestionSubmitted = defineEvent({
  service,
  entity: 'suggestion',
  event: 'submitted',
  version: 1,
  schema: Type.Object(
    {
      suggestionId: Uuid,
      kind: SuggestionKind,
      title: Text(300),
      /** 大会期间 or 闭会期间 */
      period: Type.Enum(['session', 'between-sessions']),
      /** The deputy who leads it (领衔) and the mandate they act under. */
      leadPersonId: Uuid,
      leadMandateId: Uuid,
      coSignerPersonIds: Type.Array(Uuid, { uniqueItems: true }),
      /**
       * On the government's work (政府工作): what the eight ones' yearly suggestion asks for.
       * Optional in v1: producers before it did not send it; absent means not known.
       */
      onGovernmentWork: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
});

export const SuggestionTransitioned = defineEvent({
  service,
  entity: 'suggestion',
  event: 'transitioned',
  version: 1,
  // One workflow step; the step-specific fields are null when they do not apply.
  schema: Type.Object(
    {
      suggestionId: Uuid,
      from: SuggestionState,
      to: SuggestionState,
      /** The ground for not-accepted, withdrawn, adjustment or extension. */
      reason: Nullable(Text(2000)),
      /** On assignment: lead unit (主办) and co-units (协办). */
      leadUnitId: Nullable(Uuid),
      coUnitIds: Type.Array(Uuid, { uniqueItems: true }),
      /** On reply: A solved, B planned, C not possible now, D kept for reference. */
      resultCategory: Nullable(Type.Enum(['A', 'B', 'C', 'D'])),
      /** On evaluation: 满意 / 基本满意 / 不满意, counted apart from whether it was actually solved. */
      satisfaction: Nullable(Type.Enum(['satisfied', 'basically-satisfied', 'dissatisfied'])),
      actuallySolved: Nullable(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
});

/** The workflow's states, as the suggestions service's state machine knows them (v2 events). */
export const SUGGESTION_STATES = [
  'draft', // 草稿
  'co-signing', // 联名/附议: invited deputies confirm before a cut-off
  'submitted', // 已提交
  'registered', // 已登记 (立案)
  'not-accepted', // 不予立案, with the ground; the deputy is told
  'withdrawn', // 撤回, by the deputy in writing
  'assigned', // 已交办 to lead / co- / split units
  'adjustment-requested', // 申请调整 by a unit within the window
  'signed-for', // 已签收 by every assigned unit
  'handling', // 办理中 (meetings with the deputy recorded, co-units' views)
  'extended', // 延期办理 approved (six months at most in all)
  'replied', // 已答复 (category A/B/C/D, full text)
  're-handling', // 重新办理 after 不满意, to a second reply
  'evaluated', // 已评价 (满意 / 基本满意 / 不满意)
  'published', // 已公开 after the disclosure check
  'follow-up', // 跟踪落实: B and C answers are dated promises that get checked
  'closed', // 办结
] as const;

/** The workflow's actions (what a step did), carried by `suggestion.transitioned` v2. */
export const SUGGESTION_ACTIONS = [
  'invite-cosigners',
  'confirm-cosign',
  'decline-cosign',
  'back-to-draft',
  'submit',
  'register',
  'reject',
  'withdraw',
  'treat-as-suggestion', // a motion left off the agenda is handled as a suggestion
  'merge', // 并案: this item follows another one's handling; its deputy is still answered
  'assign',
  'reassign',
  'sign-for',
  'request-adjustment',
  'refuse-adjustment',
  'record-meeting',
  'give-co-opinion',
  'request-extension',
  'approve-extension',
  'reply',
  'reply-via-merge',
  'return-reply', // staff sends a reply back (boilerplate, unsigned, wrong category)
  'evaluate',
  'second-reply',
  'publish',
  'start-follow-up',
  'check-follow-up',
  'close',
  'demand-second-reply', // 回头看: a past answer is re-opened
] as const;

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
      action: Type.Enum([...SUGGESTION_ACTIONS]),
      actorPart: Type.String(),
      from: Type.Enum([...SUGGESTION_STATES]),
      to: Type.Enum([...SUGGESTION_STATES]),
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

/** A constituent opinion's every step (suggestions.opinion.handled, in opinions.ts, covers outcomes only). */
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
