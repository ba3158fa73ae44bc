// Request-reply contracts answered by the registry.
import Type from 'typebox';
import { defineRequest } from '../define.ts';
import { DateOnly, DeputyLevel, Nullable, TenantPath, Text, Uuid } from '../events/common.ts';

/** A deputy's public profile (代表信息公开): never a private phone or ID number. */
export const GetPerson = defineRequest({
  service: 'registry',
  operation: 'get-person',
  request: Type.Object({ personId: Uuid }, { additionalProperties: false }),
  response: Type.Object(
    {
      personId: Uuid,
      name: Text(100),
      occupation: Nullable(Text(200)),
      tenantPath: TenantPath,
    },
    { additionalProperties: false },
  ),
});

/** The mandates a person holds on a date — used, e.g., to check a suggestion's lead deputy. */
export const ListMandates = defineRequest({
  service: 'registry',
  operation: 'list-mandates',
  request: Type.Object({ personId: Uuid, activeOn: DateOnly }, { additionalProperties: false }),
  response: Type.Object(
    {
      mandates: Type.Array(
        Type.Object(
          { mandateId: Uuid, level: DeputyLevel, electedByTenantPath: TenantPath, term: Text(50), startDate: DateOnly, endDate: Nullable(DateOnly) },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
