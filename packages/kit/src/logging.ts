// JSON logs on stdout, one object a line, for the platform's collector. Every line written while
// a span is active carries its trace_id/span_id, so a log line leads to its trace and back.
import { destination, pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { activeSpanIds } from '@onenet/telemetry';

export type { Logger };

export interface LoggerSettings {
  service: string;
  level?: string;
  /** Where lines go; when omitted, stdout through logDestination(). */
  destination?: DestinationStream;
}

/**
 * pino's asynchronous writer, writing in blocks of 4 KiB or at least every 250 ms instead of a
 * write per line: a write per line was most of what the access log cost a request. What is
 * buffered is written on exit (including a fatal error's line); only a hard kill (SIGKILL, OOM)
 * loses the last quarter second of lines.
 */
export function logDestination(dest: string | number = 1): DestinationStream {
  return destination({ dest, sync: false, minLength: 4096, periodicFlush: 250 });
}

// The lines of one millisecond share its timestamp: formatting a Date for every line was about
// a tenth of what a line cost (pino's isoTime does exactly this, once per line).
let stampedAt = Number.NaN;
let stamp = '';
function isoTime(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    base: { service: settings.service },
    timestamp: isoTime,
    // `level: "info"` reads better in a log viewer than `level: 30`.
    formatters: { level: (label) => ({ level: label }) },
    // A fresh object each time: pino merges the line's fields into what the mixin returns.
    mixin: () => activeSpanIds() ?? {},
    // No redaction pass (it costs on every line): the kit never logs headers or bodies.
  };
  return pino(options, settings.destination ?? logDestination());
}
