// defineEvent / defineRequest: one place that turns a payload schema into a named, versioned,
// validated contract shared by producers and consumers.
import type { Static, TSchema } from 'typebox';
import { envelopeSchema, toEnvelope, type Envelope, type EnvelopeInput } from './envelope.ts';
import { assertService, assertToken, eventSubject, requestSubject, streamFor, type StreamSpec } from './names.ts';
import { createValidator } from './validation.ts';

export interface EventDefinition<S extends TSchema = TSchema, Type extends string = string> {
  readonly kind: 'event';
  readonly service: string;
  readonly entity: string;
  readonly event: string;
  readonly version: number;
  /** `registry.mandate.created` */
  readonly type: Type;
  /** `onenet.registry.mandate.created.v1` */
  readonly subject: string;
  readonly stream: StreamSpec;
  /** The payload (`data`) schema. */
  readonly schema: S;
  /** Validates a payload; throws ContractValidationError naming every bad field. */
  parse(data: unknown): Static<S>;
  /** Builds a validated envelope around a payload. */
  envelope(input: EnvelopeInput<Static<S>>): Envelope<Static<S>, Type>;
  /** Validates a whole envelope (as received off the wire) for this event type and version. */
  parseEnvelope(value: unknown): Envelope<Static<S>, Type>;
}

/** The payload type of an event definition. */
export type EventData<D> = D extends EventDefinition<infer S, string> ? Static<S> : never;
/** The envelope type of one event definition, or a union over several (narrow it on `type`). */
export type EventEnvelope<D> = D extends EventDefinition<infer S, infer Type> ? Envelope<Static<S>, Type> : never;

export function defineEvent<const Service extends string, const Entity extends string, const Event extends string, S extends TSchema>(spec: {
  service: Service;
  entity: Entity;
  event: Event;
  version: number;
  schema: S;
}): EventDefinition<S, `${Service}.${Entity}.${Event}`> {
  const { service, entity, event, version, schema } = spec;
  assertService(service);
  assertToken('entity', entity);
  assertToken('event', event);
  if (!Number.isInteger(version) || version < 1) throw new Error(`version ${version} must be a positive integer`);
  const type = `${service}.${entity}.${event}` as const;
  const name = `${type} v${version}`;
  const data = createValidator(schema);
  // Typed loosely: TypeBox's static type of the envelope schema is the Envelope interface.
  const whole = createValidator<TSchema>(envelopeSchema(type, version, schema));
  return Object.freeze({
    kind: 'event' as const,
    service,
    entity,
    event,
    version,
    type,
    subject: eventSubject(service, entity, event, version),
    stream: streamFor(service),
    schema,
    parse: (value: unknown) => data.parse(name, value),
    envelope: (input: EnvelopeInput<Static<S>>) => whole.parse(name, toEnvelope(type, version, input)) as Envelope<Static<S>, typeof type>,
    parseEnvelope: (value: unknown) => whole.parse(name, value) as Envelope<Static<S>, typeof type>,
  });
}

/** Builds and validates the envelope of one event (same as `definition.envelope(input)`). */
export function createEnvelope<S extends TSchema, Type extends string>(definition: EventDefinition<S, Type>, input: EnvelopeInput<Static<S>>): Envelope<Static<S>, Type> {
  return definition.envelope(input);
}

export interface RequestDefinition<Q extends TSchema = TSchema, R extends TSchema = TSchema> {
  readonly kind: 'request';
  readonly service: string;
  readonly operation: string;
  /** `onenet.rpc.<service>.<operation>` */
  readonly subject: string;
  readonly request: Q;
  readonly response: R;
  parseRequest(value: unknown): Static<Q>;
  parseResponse(value: unknown): Static<R>;
}

export type RequestOf<D> = D extends RequestDefinition<infer Q, TSchema> ? Static<Q> : never;
export type ResponseOf<D> = D extends RequestDefinition<TSchema, infer R> ? Static<R> : never;

export function defineRequest<Q extends TSchema, R extends TSchema>(spec: {
  service: string;
  operation: string;
  request: Q;
  response: R;
}): RequestDefinition<Q, R> {
  const { service, operation, request, response } = spec;
  assertService(service);
  assertToken('operation', operation);
  const subject = requestSubject(service, operation);
  const requestValidator = createValidator(request);
  const responseValidator = createValidator(response);
  return Object.freeze({
    kind: 'request' as const,
    service,
    operation,
    subject,
    request,
    response,
    parseRequest: (value: unknown) => requestValidator.parse(`${subject} request`, value),
    parseResponse: (value: unknown) => responseValidator.parse(`${subject} response`, value),
  });
}
