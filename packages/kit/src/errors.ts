// The errors a service's domain code throws. Each becomes an RFC 9457 problem document with its
// status; the message is the `detail` the client reads, so write it for the caller.

export interface ProblemOptions {
  /** A URI naming the kind of problem; defaults to the class's (urn:onenet:problem:<slug>). */
  type?: string;
  /** Extra members of the problem document, e.g. `{ currentState: 'submitted' }`. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export const problemType = (slug: string): string => `urn:onenet:problem:${slug}`;

/** Base class: an error that is the client's to know about (always 4xx). */
export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;

  constructor(status: number, title: string, slug: string, detail: string, options: ProblemOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.title = title;
    this.type = options.type ?? problemType(slug);
    this.extensions = options.extensions ?? {};
  }
}

export class BadRequest extends ProblemError {
  constructor(detail: string, options?: ProblemOptions) {
    super(400, 'Bad Request', 'bad-request', detail, options);
    this.name = 'BadRequest';
  }
}

export class Unauthorized extends ProblemError {
  constructor(detail = 'login required', options?: ProblemOptions) {
    super(401, 'Unauthorized', 'unauthorized', detail, options);
    this.name = 'Unauthorized';
  }
}

export class Forbidden extends ProblemError {
  constructor(detail: string, options?: ProblemOptions) {
    super(403, 'Forbidden', 'forbidden', detail, options);
    this.name = 'Forbidden';
  }
}

export class NotFound extends ProblemError {
  constructor(detail: string, options?: ProblemOptions) {
    super(404, 'Not Found', 'not-found', detail, options);
    this.name = 'NotFound';
  }
}

/** The request is valid but clashes with the current state (duplicate, wrong workflow step…). */
export class Conflict extends ProblemError {
  constructor(detail: string, options?: ProblemOptions) {
    super(409, 'Conflict', 'conflict', detail, options);
    this.name = 'Conflict';
  }
}

export interface FieldProblem {
  /** JSON pointer into the request: /body/title, /query/tenant */
  field: string;
  message: string;
}

/**
 * A rule the service checks itself (an ID number's check digit, an unknown tenant code),
 * reported exactly like a schema violation: 400 with `errors: [{ field, message }]`.
 */
export class InvalidFields extends BadRequest {
  readonly errors: FieldProblem[];
  constructor(errors: FieldProblem[]) {
    super(`${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, {
      type: problemType('validation'),
      extensions: { errors },
    });
    this.name = 'InvalidFields';
    this.errors = errors;
  }
}

export const invalid = (field: string, message: string): InvalidFields => new InvalidFields([{ field, message }]);
