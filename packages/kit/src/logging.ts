// JSON logs on stdout, one object a line, for the platform's collector. Every line written while
// a span is active carries its trace_id/span_id, so a log line leads to its trace and back.
import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { activeSpanIds } from '@onenet/telemetry';

export type { Logger };

export interface LoggerSettings {
  service: string;
  level?: string;
  /** Where lines go; stdout when omitted (tests pass a stream to read them). */
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    base: { service: settings.service },
    timestamp: stdTimeFunctions.isoTime,
    // `level: "info"` reads better in a log viewer than `level: 30`.
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => activeSpanIds() ?? {},
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
