import { describe, expect, it } from 'vitest';
import { ActivityRecorded, ContractValidationError, MandateCreated, SuggestionTransitioned, createEnvelope, newEventId } from '../src/index.ts';

const mandate = {
  mandateId: newEventId(),
  personId: newEventId(),
  level: 'city',
  electedByTenantPath: '450000/451100',
  term: '市四届',
  delegation: null,
  constituency: '八步区第三选区',
  startDate: '2021-09-01',
  endDate: null,
  status: 'active',
} as const;

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractValidationError);
    return (error as ContractValidationError).issues;
  }
  throw new Error('expected a ContractValidationError');
}

describe('event payload validation', () => {
  it('accepts a well-formed payload and returns it typed', () => {
    const data = MandateCreated.parse(mandate);
    expect(data.level).toBe('city');
  });

  it('rejects a bad payload naming each bad field', () => {
    const issues = issuesOf(() => MandateCreated.parse({ ...mandate, personId: 'not-a-uuid', level: 'village', startDate: '2021-13-01' }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '/personId', message: 'must match format "uuid"' },
        { path: '/level', message: 'must be one of "national", "region", "city", "county", "township"' },
        { path: '/startDate', message: 'must match format "date"' },
      ]),
    );
  });

  it('names missing and unexpected fields', () => {
    const { term: _term, ...withoutTerm } = mandate;
    const issues = issuesOf(() => MandateCreated.parse({ ...withoutTerm, phone: '13800000000' }));
    expect(issues).toEqual(expect.arrayContaining([
      { path: '/term', message: 'is required' },
      { path: '/phone', message: 'is not allowed' },
    ]));
  });

  it('says what a nullable field accepts', () => {
    const issues = issuesOf(() => MandateCreated.parse({ ...mandate, endDate: 20240101 }));
    expect(issues).toEqual([{ path: '/endDate', message: 'must be string or null' }]);
  });

  it('reports the inner error when a nullable field has the right shape', () => {
    const issues = issuesOf(() => MandateCreated.parse({ ...mandate, endDate: 'soon' }));
    expect(issues).toEqual([{ path: '/endDate', message: 'must match format "date"' }]);
  });

  it('validates array items and bounds', () => {
    const activity = {
      activityId: newEventId(),
      kind: 'inspection',
      theme: '农村饮水安全视察',
      startDate: '2024-05-10',
      endDate: '2024-05-11',
      place: null,
      stationId: null,
      groupId: null,
      participantPersonIds: [],
      outcome: null,
      linkedPlanId: null,
    };
    expect(issuesOf(() => ActivityRecorded.parse(activity))).toEqual([{ path: '/participantPersonIds', message: expect.stringContaining('1') }]);
    expect(issuesOf(() => ActivityRecorded.parse({ ...activity, participantPersonIds: ['x'] }))).toEqual([
      { path: '/participantPersonIds/0', message: 'must match format "uuid"' },
    ]);
  });

  it('the error message names the contract and the fields', () => {
    expect(() =>
      SuggestionTransitioned.parse({ suggestionId: newEventId(), from: 'draft', to: 'somewhere' }),
    ).toThrow(/suggestions\.suggestion\.transitioned v1 is invalid: .*\/to must be one of/);
  });
});

describe('envelopes', () => {
  it('builds an envelope with a UUID v7 id, the type and version, and validates it', () => {
    const envelope = createEnvelope(MandateCreated, { data: mandate, tenantPath: '450000/451100', actor: { userId: 'u-1', name: '李明' } });
    expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(envelope).toMatchObject({ type: 'registry.mandate.created', version: 1, tenantPath: '450000/451100', data: mandate });
    expect(new Date(envelope.occurredAt).toISOString()).toBe(envelope.occurredAt);
    expect(MandateCreated.parseEnvelope(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
  });

  it('ids are time-ordered', () => {
    const ids = Array.from({ length: 50 }, () => newEventId());
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects an envelope with a bad tenant path, actor or data, with the path into data', () => {
    const issues = issuesOf(() => MandateCreated.envelope({ data: { ...mandate, level: 'x' } as never, tenantPath: 'guangxi', actor: { userId: '' } }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '/tenantPath', message: expect.stringContaining('pattern') },
        { path: '/actor/userId', message: expect.any(String) },
        { path: '/data/level', message: expect.stringContaining('must be one of') },
      ]),
    );
  });

  it('rejects an envelope of another event type or version', () => {
    const envelope = MandateCreated.envelope({ data: mandate, tenantPath: '450000', actor: null });
    expect(issuesOf(() => MandateCreated.parseEnvelope({ ...envelope, version: 2 }))).toEqual([{ path: '/version', message: 'must be 1' }]);
    expect(issuesOf(() => MandateCreated.parseEnvelope({ ...envelope, type: 'registry.mandate.ended' }))).toEqual([
      { path: '/type', message: 'must be "registry.mandate.created"' },
    ]);
  });
});

describe('versions stay honest', () => {
  it('v1 payloads of old producers stay valid where v1 gained optional fields', async () => {
    const { OpinionHandled, SuggestionSubmitted } = await import('../src/index.ts');
    const opinion = { opinionId: newEventId(), deputyPersonId: null, outcome: 'answered', suggestionId: null, feedback: null } as const;
    expect(OpinionHandled.parse(opinion)).toEqual(opinion);
    expect(OpinionHandled.parse({ ...opinion, handledOn: '2026-11-27' }).handledOn).toBe('2026-11-27');
    expect(issuesOf(() => OpinionHandled.parse({ ...opinion, handledOn: '27/11/2026' }))).toEqual([{ path: '/handledOn', message: 'must match format "date"' }]);
    const submitted = { suggestionId: newEventId(), kind: 'suggestion', title: '关于农村道路的建议', period: 'session', leadPersonId: newEventId(), leadMandateId: newEventId(), coSignerPersonIds: [] } as const;
    expect(SuggestionSubmitted.parse(submitted)).toEqual(submitted);
    expect(SuggestionSubmitted.parse({ ...submitted, onGovernmentWork: false }).onGovernmentWork).toBe(false);
  });

  it('what v1 cannot say is a v2 beside it: a mandate whose term ended, every changed person field', async () => {
    const { MandateChanged, MandateChangedV2, PersonChanged, PersonChangedV2 } = await import('../src/index.ts');
    expect(MandateChangedV2.subject).toBe('onenet.registry.mandate.changed.v2');
    expect(MandateChangedV2.parse({ ...mandate, status: 'term-ended', endDate: '2026-01-01', changedFields: ['status', 'endDate'] }).status).toBe('term-ended');
    expect(issuesOf(() => MandateChanged.parse({ ...mandate, status: 'term-ended', changedFields: ['status'] }))[0]?.path).toBe('/status');
    const person = { personId: newEventId(), name: '李秀英', gender: 'female', ethnicity: '壮族', occupation: null, userId: null } as const;
    const v2 = { ...person, workplace: null, isFarmer: true, photoUrl: '/api/deputy-registry/public/profiles/x/photo?v=1', publicContact: null, published: true, changedFields: ['photoUrl', 'phone', 'isFarmer'] };
    expect(PersonChangedV2.parse(v2).changedFields).toEqual(['photoUrl', 'phone', 'isFarmer']);
    expect(issuesOf(() => PersonChanged.parse({ ...person, changedFields: ['photoUrl'] }))[0]?.path).toBe('/changedFields/0');
  });
});
