import { describe, expect, it } from 'vitest';
import Type from 'typebox';
import type { EventEnvelope, PersonCreated } from '../src/index.ts';
import { GetPerson, MandateCreated, defineEvent, defineRequest, duplicateSubjects, events, findEvent, requests, streamFor, streamForSubject } from '../src/index.ts';

describe('catalogue', () => {
  it('holds the contracts the services publish', () => {
    expect(events.map((e) => `${e.type}.v${e.version}`).sort()).toEqual([
      'registry.activity.recorded.v1',
      'registry.group.membership-changed.v1',
      'registry.mandate.changed.v1',
      'registry.mandate.changed.v2',
      'registry.mandate.created.v1',
      'registry.mandate.ended.v1',
      'registry.person.changed.v1',
      'registry.person.changed.v2',
      'registry.person.created.v1',
      'suggestions.deadline.escalated.v1',
      'suggestions.deadline.reminder.v1',
      'suggestions.lookback.changed.v1',
      'suggestions.message.posted.v1',
      'suggestions.notice.published.v1',
      'suggestions.opinion.handled.v1',
      'suggestions.opinion.step.v1',
      'suggestions.suggestion.submitted.v1',
      'suggestions.suggestion.transitioned.v1',
      'suggestions.suggestion.transitioned.v2',
      'suggestions.supervision.changed.v1',
      'training.attendance.recorded.v1',
    ]);
    expect(requests.map((r) => r.subject).sort()).toEqual(['onenet.rpc.registry.get-person', 'onenet.rpc.registry.list-mandates']);
  });

  it('subjects are unique across the catalogue', () => {
    expect(duplicateSubjects()).toEqual([]);
    const subjects = [...events, ...requests].map((c) => c.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('every event subject lies in its service stream and no stream captures request-reply subjects', () => {
    for (const event of events) {
      expect(event.subject).toBe(`onenet.${event.service}.${event.entity}.${event.event}.v${event.version}`);
      expect(streamForSubject(event.subject)).toEqual(event.stream);
      expect(findEvent(event.subject)).toBe(event);
    }
    for (const request of requests) expect(request.subject.startsWith('onenet.rpc.')).toBe(true);
  });

  it('names subjects and streams as the architecture says', () => {
    expect(MandateCreated.type).toBe('registry.mandate.created');
    expect(MandateCreated.subject).toBe('onenet.registry.mandate.created.v1');
    expect(streamFor('registry')).toEqual({ name: 'ONENET_REGISTRY', subjects: ['onenet.registry.>'] });
    expect(streamFor('office-docs').name).toBe('ONENET_OFFICE_DOCS');
    expect(GetPerson.subject).toBe('onenet.rpc.registry.get-person');
  });

  it('refuses names that would break subjects', () => {
    const schema = Type.Object({});
    expect(() => defineEvent({ service: 'Registry', entity: 'mandate', event: 'created', version: 1, schema })).toThrow(/service "Registry"/);
    expect(() => defineEvent({ service: 'registry', entity: 'man.date', event: 'created', version: 1, schema })).toThrow(/entity/);
    expect(() => defineEvent({ service: 'registry', entity: 'mandate', event: 'created', version: 0, schema })).toThrow(/version/);
    expect(() => defineEvent({ service: 'rpc', entity: 'x', event: 'y', version: 1, schema })).toThrow(/reserved/);
    expect(() => defineRequest({ service: 'registry', operation: 'get person', request: schema, response: schema })).toThrow(/operation/);
  });

  it('request contracts validate both ways', () => {
    expect(() => GetPerson.parseRequest({ personId: 'x' })).toThrow(/onenet\.rpc\.registry\.get-person request is invalid: \/personId/);
    expect(() => GetPerson.parseResponse({})).toThrow(/response is invalid: .*\/personId is required/);
  });
});

describe('types', () => {
  it('a union of envelopes narrows on type', () => {
    const envelope = MandateCreated.envelope({
      data: MandateCreated.parse({
        mandateId: '0190a6f8-7b7a-7cc2-8f00-1a2b3c4d5e6f',
        personId: '0190a6f8-7b7a-7cc2-8f00-1a2b3c4d5e6f',
        level: 'county',
        electedByTenantPath: '450000/451100/451102',
        term: '区四届',
        delegation: null,
        constituency: null,
        startDate: '2021-01-01',
        endDate: null,
        status: 'active',
      }),
      tenantPath: '450000/451100/451102',
      actor: null,
    }) as EventEnvelope<typeof MandateCreated | typeof PersonCreated>;
    // Compiles only because `type` narrows the union to the mandate payload.
    const level = envelope.type === 'registry.mandate.created' ? envelope.data.level : envelope.data.name;
    expect(level).toBe('county');
  });
});
