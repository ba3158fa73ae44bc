// The service's 4xx errors: the kit's problem types, plus field errors shaped like the kit's
// validation problems (`errors: [{ field, message }]`) for rules the service checks itself.
import { Conflict, ProblemError, problemType } from '@onenet/kit';

export { BadRequest, Conflict, Forbidden, NotFound, ProblemError, InvalidFields, invalid, type FieldProblem } from '@onenet/kit';

/** A workflow step that the item's state does not allow: 409 naming the state and the action. */
export class IllegalTransition extends Conflict {
  constructor(state: string, action: string, detail?: string) {
    super(detail ?? `action "${action}" is not possible while the item is "${state}"`, {
      type: problemType('illegal-transition'),
      extensions: { state, action },
    });
    this.name = 'IllegalTransition';
  }
}

export class PayloadTooLarge extends ProblemError {
  constructor(detail: string, field: string) {
    super(413, 'Content Too Large', 'payload-too-large', detail, { extensions: { errors: [{ field, message: detail }] } });
    this.name = 'PayloadTooLarge';
  }
}

export class UnsupportedMediaType extends ProblemError {
  constructor(detail: string, field: string) {
    super(415, 'Unsupported Media Type', 'unsupported-media-type', detail, { extensions: { errors: [{ field, message: detail }] } });
    this.name = 'UnsupportedMediaType';
  }
}

export class TooManyRequests extends ProblemError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'Too Many Requests', 'rate-limited', detail, { extensions: { retryAfterSeconds } });
    this.name = 'TooManyRequests';
  }
}
