// The envelope every event travels in. `id` (UUID v7, time-ordered) is the JetStream
// Nats-Msg-Id and the consumers' inbox key.
import Type, { type Static, type TSchema } from 'typebox';
import { v7 as uuidv7 } from 'uuid';

export const Uuid = Type.String({ format: 'uuid' });
/** Administrative division codes from the region down, e.g. `450000/451100/451102`. */
export const TenantPath = Type.String({ pattern: '^[0-9]{6,12}(/[0-9]{6,12})*$' });

export const Actor = Type.Object(
  { userId: Type.String({ minLength: 1 }), name: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
export type Actor = Static<typeof Actor>;

export interface Envelope<T = unknown, Type extends string = string> {
  id: string;
  /** `registry.mandate.created`: switch on it to narrow a union of envelopes. */
  type: Type;
  version: number;
  /** ISO 8601 instant */
  occurredAt: string;
  tenantPath: string;
  /** Who caused the event; null for the system itself (imports, schedulers). */
  actor: Actor | null;
  data: T;
}

/** What a producer supplies; id and occurredAt default to a new UUID v7 and now. */
export interface EnvelopeInput<T> {
  data: T;
  tenantPath: string;
  actor: Actor | null;
  id?: string;
  occurredAt?: string | Date;
}

/** The JSON schema of an envelope carrying `data` of one event type and version. */
export function envelopeSchema<S extends TSchema>(type: string, version: number, data: S) {
  return Type.Object(
    {
      id: Uuid,
      type: Type.Literal(type),
      version: Type.Literal(version),
      occurredAt: Type.String({ format: 'date-time' }),
      tenantPath: TenantPath,
      actor: Type.Union([Actor, Type.Null()]),
      data,
    },
    { additionalProperties: false },
  );
}

export const newEventId = (): string => uuidv7();

export function toEnvelope<T, Type extends string>(type: Type, version: number, input: EnvelopeInput<T>): Envelope<T, Type> {
  const occurredAt = input.occurredAt ?? new Date();
  return {
    id: input.id ?? newEventId(),
    type,
    version,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    tenantPath: input.tenantPath,
    actor: input.actor,
    data: input.data,
  };
}
