// Schema-first in both directions. Requests: ajv with allErrors, so a 400 names every bad
// field, not just the first; JSON bodies are taken as sent (no type coercion), while query
// strings, path params and headers — always strings on the wire — are coerced. Responses are
// validated against the route's response schema before fast-json-stringify writes them: a
// handler returning something its contract does not allow is a bug, answered with a logged 500,
// never silently reshaped or leaked to the client.
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fastJsonStringify from 'fast-json-stringify';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export const RESPONSE_VALIDATION = 'ONENET_RESPONSE_VALIDATION';

const common: Options = {
  allErrors: true,
  strict: false,
  // TypeBox schemas may carry JSON-Schema annotations ajv does not know; they are harmless.
  strictSchema: false,
};

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...common, ...options });
  addFormats(ajv);
  return ajv;
}

export function createRequestValidatorCompiler(): FastifySchemaCompiler<unknown> {
  // Unknown members are refused and named (where the schema says additionalProperties: false),
  // not silently dropped: a misspelt field should not look accepted.
  const bodies = createAjv({ coerceTypes: false, useDefaults: true, removeAdditional: false });
  const strings = createAjv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false });
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodies : strings).compile(schema as object);
}

export class ResponseValidationError extends Error {
  readonly code = RESPONSE_VALIDATION;
  readonly statusCode = 500;
  readonly errors: { path: string; message: string }[];
  constructor(route: string, status: string, errors: { path: string; message: string }[]) {
    super(`response ${status} of ${route} breaks its schema: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`);
    this.name = 'ResponseValidationError';
    this.errors = errors;
  }
}

export function createResponseSerializerCompiler(): FastifySerializerCompiler<unknown> {
  // Structure, types, ranges and patterns are checked; string formats (uuid, date-time…) are
  // not: they cost thirty times the rest of the check, and our own code produces these values.
  const ajv = new Ajv({ ...common, coerceTypes: false, useDefaults: false, removeAdditional: false, validateFormats: false });
  return ({ schema, method, url, httpStatus }) => {
    const validate: ValidateFunction = ajv.compile(schema as object);
    const stringify = fastJsonStringify(schema as object);
    const route = `${method} ${url}`;
    return (data: unknown) => {
      if (!validate(data)) {
        const errors = (validate.errors ?? []).map((e) => ({
          path: e.instancePath + (typeof e.params.missingProperty === 'string' ? `/${e.params.missingProperty}` : ''),
          message: e.message ?? 'is invalid',
        }));
        throw new ResponseValidationError(route, httpStatus ?? 'default', errors);
      }
      return stringify(data);
    };
  };
}
