// Errors callers can tell apart: a peer that answered with an error, a peer that did not answer.

export class BusError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BusError';
  }
}

/** No reply within the timeout. */
export class BusTimeoutError extends BusError {
  readonly subject: string;
  readonly timeoutMs: number;
  constructor(subject: string, timeoutMs: number, options?: ErrorOptions) {
    super(`no reply on ${subject} within ${timeoutMs} ms`, options);
    this.name = 'BusTimeoutError';
    this.subject = subject;
    this.timeoutMs = timeoutMs;
  }
}

/** Nobody serves the subject (the service is down or not deployed). */
export class BusNoRespondersError extends BusError {
  readonly subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    super(`no service is answering ${subject}`, options);
    this.name = 'BusNoRespondersError';
    this.subject = subject;
  }
}

/** A publish found no stream capturing its subject (the stream was never created or was deleted). */
export class BusNoStreamError extends BusError {
  readonly subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    super(`no stream captures ${subject}`, options);
    this.name = 'BusNoStreamError';
    this.subject = subject;
  }
}

/** An issue with one field of a request, as reported by the serving side. */
export interface RemoteIssue {
  path: string;
  message: string;
}

/** The structured error a request handler returns. */
export interface RequestErrorBody {
  code: string;
  message: string;
  issues?: RemoteIssue[];
}

/**
 * The serving side answered with an error. Handlers throw it to answer with a code and
 * message of their choice; callers receive it rebuilt from the reply.
 */
export class BusRequestError extends BusError {
  readonly subject: string;
  readonly code: string;
  readonly detail: string;
  readonly issues: RemoteIssue[];
  constructor(subject: string, body: RequestErrorBody) {
    super(`${subject} failed with ${body.code}: ${body.message}`);
    this.name = 'BusRequestError';
    this.subject = subject;
    this.code = body.code;
    this.detail = body.message;
    this.issues = body.issues ?? [];
  }
}

/** Throw from a request handler to answer with this code and message. */
export class RequestFailure extends Error {
  readonly code: string;
  readonly issues: RemoteIssue[] | undefined;
  constructor(code: string, message: string, issues?: RemoteIssue[]) {
    super(message);
    this.name = 'RequestFailure';
    this.code = code;
    this.issues = issues;
  }
}
