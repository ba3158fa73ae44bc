// JSON logs on stdout, one object a line, for the platform's collector. Every line written while
// a span is active carries its trace_id/span_id, so a log line leads to its trace and back.
import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { activeSpanIds } from '@onenet/telemetry';

export type { Logger };

export interface LoggerSettings {
  service: string;
  level?: string;
  /**
   * Where lines go; when omitted, stdout through pino's asynchronous writer (lines written while
   * a write is in flight are coalesced, and everything is flushed on exit).
   */
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    base: { service: settings.service },
    timestamp: stdTimeFunctions.isoTime,
    // `level: "info"` reads better in a log viewer than `level: 30`.
    formatters: { level: (label) => ({ level: label }) },
    // A fresh object each time: pino merges the line's fields into what the mixin returns.
    mixin: () => activeSpanIds() ?? {},
    // No redaction pass (it costs on every line): the kit never logs headers or bodies.
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
