// The registry's 4xx errors: the kit's problem types, plus field errors shaped like the kit's
// validation problems (`errors: [{ field, message }]`), so a client reads a rule the service
// checks (an ID number's check digit) the same way as a schema violation.
import { BadRequest, Conflict, Forbidden, NotFound, ProblemError, problemType } from '@onenet/kit';

export { BadRequest, Conflict, Forbidden, NotFound, ProblemError };

export interface FieldProblem {
  /** JSON pointer into the request: /body/idNumber, /query/tenant */
  field: string;
  message: string;
}

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

/** Collects field problems and throws them all at once. */
export class FieldCheck {
  readonly problems: FieldProblem[] = [];
  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }
  throwIfAny(): void {
    if (this.problems.length > 0) throw new InvalidFields(this.problems);
  }
}
