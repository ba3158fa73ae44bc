// @onenet/kit: everything a service needs besides its domain.
export { defineService, defineConsumer, defineResponder, systemClock } from './definition.ts';
export { outgoing, type Outgoing } from '@onenet/bus';
export type { ServiceDefinition, ServiceContext, ConsumerDefinition, ResponderDefinition, Clock, Pool } from './definition.ts';
export { buildService, runService, configSchemaOf, migrationsOf, type Service, type ServiceDeps, type RunOptions, type DeclaredRoute } from './service.ts';
export { loadConfig, extendConfig, BaseConfig, ConfigError } from './config.ts';
export { createApp, type KitApp, type AppOptions } from './app.ts';
export { ProblemError, BadRequest, Unauthorized, Forbidden, NotFound, Conflict, InvalidFields, invalid, problemType, type ProblemOptions, type FieldProblem } from './errors.ts';
export { tenantParam } from './tenant-param.ts';
export { ProblemDocument, FieldError, PROBLEM_CONTENT_TYPE } from './problem.ts';
export { requirePrincipal, bearerAuthenticator, oidcAuthenticator, type Authenticator } from './auth.ts';
export { createLogger, logDestination, type Logger, type LoggerSettings } from './logging.ts';
export type { Readiness, ReadinessCheck } from './health.ts';
export { ResponseValidationError } from './validation.ts';
// So services need not depend on these directly for the everyday types.
export { default as Type, type Static, type TSchema } from 'typebox';
export type { Principal, Access, Role } from '@onenet/auth';
