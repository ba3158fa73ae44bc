// Configuration comes from the environment only (twelve-factor): read once at start, coerced to
// the schema's types, defaults filled in, validated. A service that cannot run with what it was
// given stops at once with one line naming the variable, instead of failing on first use.
import Type, { type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import Value from 'typebox/value';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What every service reads. Services add their own variables with `extendConfig`. */
export const BaseConfig = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3000, description: 'a TCP port, 0–65535' }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0', description: 'the interface address to listen on' }),
  DATABASE_URL: Type.String({ format: 'uri', pattern: '^postgres(ql)?://', description: 'a PostgreSQL URL, e.g. postgres://user@host:5432/db' }),
  MIGRATION_DATABASE_URL: Type.Optional(
    Type.String({ format: 'uri', pattern: '^postgres(ql)?://', description: "a PostgreSQL URL of the schema's owner, used to migrate; default DATABASE_URL" }),
  ),
  MIGRATE_ON_START: Type.Boolean({
    default: true,
    description: 'true or false: apply pending migrations when the service starts (false where a migration job runs them; /readyz then waits for it)',
  }),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'a number of pooled connections, 1–200' }),
  NATS_URL: Type.Optional(Type.String({ pattern: '^(nats|tls|ws|wss)://', description: 'a NATS URL, e.g. nats://127.0.0.1:4222; unset: in-process transport' })),
  LOG_LEVEL: Type.Enum([...LOG_LEVELS], { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` }),
  SHUTDOWN_DELAY_MS: Type.Integer({
    minimum: 0,
    default: 0,
    description: 'the milliseconds to keep serving, reported not ready, after a stop signal (lets load balancers notice), an integer ≥ 0',
  }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 10_000, description: 'the milliseconds a graceful shutdown may take, an integer ≥ 0' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1, default: 1_048_576, description: 'the largest request body accepted, in bytes' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', description: 'an OTLP/HTTP collector URL, e.g. http://collector:4318' })),
  OTEL_SERVICE_NAME: Type.Optional(Type.String({ minLength: 1, description: 'the service name reported in telemetry' })),
  OIDC_ISSUER: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', description: 'the token issuer URL (the Keycloak realm)' })),
  OIDC_AUDIENCE: Type.String({ minLength: 1, default: 'onenet-api', description: 'the audience tokens must be issued for' }),
});
export type BaseConfig = Static<typeof BaseConfig>;

/** The base schema plus a service's own variables (which may also override base defaults). */
export function extendConfig<P extends TProperties>(properties: P) {
  return Type.Object({ ...BaseConfig.properties, ...properties });
}

export class ConfigError extends Error {
  /** sysexits.h EX_CONFIG: the process was started with a configuration it cannot run with. */
  static readonly exitCode = 78;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Values of these are never echoed back: they may carry passwords. */
const SECRET = /(URL|PASSWORD|SECRET|TOKEN|KEY)$/i;

interface SchemaError {
  instancePath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

function problemWith(name: string, schema: TSchema | undefined, raw: string | undefined, error: SchemaError | undefined): string {
  // Descriptions are written to complete "X must be …" and "X is required (…)".
  const description = (schema as { description?: string } | undefined)?.description;
  if (raw === undefined) return `${name} is required${description ? ` (${description})` : ''}`;
  let problem: string;
  if (description) problem = `must be ${description}`;
  else if (error?.keyword === 'type') problem = `must be ${error.params.type === 'integer' ? 'an integer' : `a ${String(error.params.type)}`}`;
  else problem = error?.message ?? 'is not valid';
  const got = SECRET.test(name) ? '' : `, got ${JSON.stringify(raw)}`;
  return `${name} ${problem}${got}`;
}

/**
 * Reads `schema`'s variables from `env`: strings are coerced (numbers, booleans), defaults
 * applied, everything validated. An empty variable counts as unset. Throws ConfigError whose
 * message is one line naming each wrong or missing variable.
 */
export function loadConfig<S extends TObject>(schema: S, env: Record<string, string | undefined> = process.env): Static<S> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(schema.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const value = Value.Convert(schema, Value.Default(schema, { ...raw }));
  if (Value.Check(schema, value)) return value as Static<S>;

  const byVariable = new Map<string, SchemaError | undefined>();
  for (const error of Value.Errors(schema, value) as SchemaError[]) {
    if (error.keyword === 'required') {
      for (const name of (error.params.requiredProperties as string[] | undefined) ?? []) if (!byVariable.has(name)) byVariable.set(name, undefined);
      continue;
    }
    const name = error.instancePath.split('/')[1];
    if (name && !byVariable.get(name)) byVariable.set(name, error);
  }
  const problems = [...byVariable].map(([name, error]) => problemWith(name, schema.properties[name], raw[name], error));
  throw new ConfigError(`config error: ${problems.join('; ')}`);
}
