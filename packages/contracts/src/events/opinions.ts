// Constituent opinions (民事联解): a deputy sorts a voter's opinion and it is handled.
import Type from 'typebox';
import { defineEvent } from '../define.ts';
import { Nullable, Text, Uuid } from './common.ts';

export const OpinionHandled = defineEvent({
  service: 'opinions',
  entity: 'opinion',
  event: 'handled',
  version: 1,
  schema: Type.Object(
    {
      opinionId: Uuid,
      /** The deputy who took it up, if one did. */
      deputyPersonId: Nullable(Uuid),
      outcome: Type.Enum(['answered', 'forwarded-to-congress', 'forwarded-to-government', 'became-suggestion', 'not-accepted']),
      /** Set when the opinion became a suggestion. */
      suggestionId: Nullable(Uuid),
      /** What the voter is told (published without contact details). */
      feedback: Nullable(Text(4000)),
    },
    { additionalProperties: false },
  ),
});
