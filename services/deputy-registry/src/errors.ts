// The registry's 4xx errors: the kit's problem types, plus field errors shaped like the kit's
// validation problems (`errors: [{ field, message }]`), so a client reads a rule the service
// checks (an ID number's check digit) the same way as a schema violation.
import { InvalidFields, type FieldProblem } from '@onenet/kit';

export { BadRequest, Conflict, Forbidden, NotFound, ProblemError, InvalidFields, invalid, type FieldProblem } from '@onenet/kit';

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
