import { describe, expect, it } from 'vitest';
import { BaseConfig, ConfigError, Type, extendConfig, loadConfig } from '../src/index.ts';

const url = 'postgres://app@db:5432/onenet';

describe('loadConfig', () => {
  it('coerces numbers and booleans from strings and fills defaults', () => {
    const schema = extendConfig({ FEATURE_X: Type.Boolean({ default: false }), RATIO: Type.Number({ default: 0.5 }) });
    const config = loadConfig(schema, { DATABASE_URL: url, PORT: '8080', FEATURE_X: 'true', RATIO: '0.25', UNRELATED: 'ignored' });
    expect(config).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      DATABASE_URL: url,
      MIGRATE_ON_START: true,
      DATABASE_POOL_MAX: 10,
      LOG_LEVEL: 'info',
      SHUTDOWN_DELAY_MS: 0,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      BODY_LIMIT_BYTES: 1_048_576,
      OIDC_AUDIENCE: 'onenet-api',
      FEATURE_X: true,
      RATIO: 0.25,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(BaseConfig, { DATABASE_URL: url, PORT: '', NATS_URL: '' })).toMatchObject({ PORT: 3000 });
    expect(loadConfig(BaseConfig, { DATABASE_URL: url, NATS_URL: '' }).NATS_URL).toBeUndefined();
  });

  it('names every wrong or missing variable in one line', () => {
    let error: unknown;
    try {
      loadConfig(BaseConfig, { PORT: '70000', LOG_LEVEL: 'loud', NATS_URL: 'http://nats:4222', SHUTDOWN_TIMEOUT_MS: '-1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^config error: /);
    for (const fragment of [
      'DATABASE_URL is required (a PostgreSQL URL',
      'PORT must be a TCP port, 0–65535, got "70000"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'NATS_URL must be a NATS URL',
      'SHUTDOWN_TIMEOUT_MS must be the milliseconds a graceful shutdown may take, an integer ≥ 0, got "-1"',
    ]) expect(message).toContain(fragment);
    // URLs may carry credentials: their values are never repeated.
    expect(message).not.toContain('http://nats:4222');
  });

  it('describes a service variable without a description by its type', () => {
    const schema = Type.Object({ BATCH: Type.Integer() });
    expect(() => loadConfig(schema, { BATCH: 'many' })).toThrow('config error: BATCH must be an integer, got "many"');
  });
});
