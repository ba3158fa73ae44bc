// Suggestions (议案建议办理): submission and every workflow step.
import Type from 'typebox';
import { defineEvent } from '../define.ts';
import { Nullable, Text, Uuid } from './common.ts';

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
