// What other services tell the registry about a deputy's year, consumed from NATS through
// durable, idempotent consumers (the kit records each event id in the inbox in the handler's
// transaction, which runs under the event's tenant). Beyond the inbox, every fact is keyed by
// what it is about and versioned by when it happened: the same event twice, or an old one after
// a new one, leaves the deputy's year as it should be. What an event adds or changes is written
// to the deputy's history, with the source service as who changed it.
import { AttendanceRecorded, OpinionHandled, SuggestionSubmitted, SuggestionTransitioned, type EventData } from '@onenet/contracts';
import { defineConsumer } from '@onenet/kit';
import type { Transaction } from 'kysely';
import { chinaDate } from '../domain/activities.ts';
import { applySuggestionState, lockSuggestion, suggestionState, upsertFacts, VOIDING_STATES } from '../db/duties.ts';
import type { RegistryDatabase } from '../db/schema.ts';

/** 代表建议: the lead deputy's suggestion of the year; co-signers get a co-signed fact. */
export const suggestionsConsumer = defineConsumer<typeof SuggestionSubmitted | typeof SuggestionTransitioned, RegistryDatabase>({
  purpose: 'suggestion-duties',
  events: [SuggestionSubmitted, SuggestionTransitioned],
  async handle(envelope, trx) {
    const tx = trx as Transaction<RegistryDatabase>;
    if (envelope.type === SuggestionSubmitted.type) {
      const data = envelope.data as EventData<typeof SuggestionSubmitted>;
      await lockSuggestion(tx, data.suggestionId);
      // A withdrawal may have arrived before the submission it withdraws.
      const state = await suggestionState(tx, data.suggestionId);
      const counted = state === undefined || !VOIDING_STATES.has(state);
      const common = {
        tenantPath: envelope.tenantPath,
        source: 'suggestions' as const,
        sourceRef: data.suggestionId,
        occurredOn: chinaDate(envelope.occurredAt),
        counted,
        versionAt: envelope.occurredAt,
        detail: { title: data.title, suggestionKind: data.kind, period: data.period, leadPersonId: data.leadPersonId, onGovernmentWork: data.onGovernmentWork ?? null },
      };
      // The eight ones ask for a suggestion on the government's work: one the producer says is
      // not (false) is another kind of fact; not said (older producers) counts as before.
      const leadKind = data.onGovernmentWork === false ? 'other-suggestion' : 'suggestion';
      await upsertFacts(
        tx,
        [
          { ...common, personId: data.leadPersonId, kind: leadKind },
          ...data.coSignerPersonIds.filter((id) => id !== data.leadPersonId).map((personId) => ({ ...common, personId, kind: 'co-signed-suggestion' })),
        ],
        { service: SuggestionSubmitted.service, envelope },
      );
      return;
    }
    const data = envelope.data as EventData<typeof SuggestionTransitioned>;
    await lockSuggestion(tx, data.suggestionId);
    await applySuggestionState(tx, envelope.tenantPath, data.suggestionId, data.to, envelope.occurredAt, { service: SuggestionSubmitted.service, envelope });
  },
});

/** 代表培训班: attendance counts toward the training item; a later record of the same class wins. */
export const trainingConsumer = defineConsumer<typeof AttendanceRecorded, RegistryDatabase>({
  purpose: 'training-duties',
  events: [AttendanceRecorded],
  async handle(envelope, trx) {
    const data = envelope.data;
    await upsertFacts(trx as Transaction<RegistryDatabase>, [
      {
        tenantPath: envelope.tenantPath,
        personId: data.personId,
        source: 'training',
        sourceRef: data.trainingClassId,
        kind: 'training-class',
        occurredOn: data.date,
        counted: data.status === 'attended',
        versionAt: envelope.occurredAt,
        detail: { status: data.status, hours: data.hours },
      },
    ], { service: AttendanceRecorded.service, envelope });
  },
});

/** 民事联解: an opinion a deputy took up and saw handled counts as hearing the voters. */
export const opinionsConsumer = defineConsumer<typeof OpinionHandled, RegistryDatabase>({
  purpose: 'opinion-duties',
  events: [OpinionHandled],
  async handle(envelope, trx) {
    const data = envelope.data;
    if (!data.deputyPersonId) return;
    await upsertFacts(trx as Transaction<RegistryDatabase>, [
      {
        tenantPath: envelope.tenantPath,
        personId: data.deputyPersonId,
        source: 'opinions',
        sourceRef: data.opinionId,
        kind: 'opinion',
        // The handling date when the producer sends it; before it did, the event's time.
        occurredOn: data.handledOn ?? chinaDate(envelope.occurredAt),
        // An opinion refused (not-accepted) was still heard, but is not a handled opinion.
        counted: data.outcome !== 'not-accepted',
        versionAt: envelope.occurredAt,
        detail: { outcome: data.outcome, suggestionId: data.suggestionId, ...(data.handledOn ? { handledOn: data.handledOn } : {}) },
      },
    ], { service: OpinionHandled.service, envelope });
  },
});

export const consumers = [suggestionsConsumer, trainingConsumer, opinionsConsumer];
