/** The logging the bus needs; a pino logger fits. */
export interface BusLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const consoleLogger: BusLogger = {
  info: () => {},
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

export const errorFields = (error: unknown): object =>
  error instanceof Error ? { err: { name: error.name, message: error.message } } : { err: String(error) };
