// Constituent opinions (民事联解): a deputy sorts a voter's opinion and it is handled. Opinions
// live in the suggestions service, so the event is that service's and travels on its stream
// (onenet.suggestions.opinion.handled.v1 in ONENET_SUGGESTIONS); consumers follow the definition.
import Type from 'typebox';
import { defineEvent } from '../define.ts';
import { DateOnly, Nullable, Text, Uuid } from './common.ts';

export const OpinionHandled = defineEvent({
  service: 'suggestions',
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
      /** The day it was handled (China time). Optional in v1: producers before it did not send it; consumers fall back to the event's occurredAt. */
      handledOn: Type.Optional(DateOnly),
    },
    { additionalProperties: false },
  ),
});
