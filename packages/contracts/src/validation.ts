// Validation of contract payloads with clear, path-naming errors.
// Schemas are compiled once (typebox/compile) because every published and consumed event is
// checked; the interpreted typebox/value checker is ~15x slower on that hot path.
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';

/** One problem with a payload: a JSON pointer to the field and what is wrong with it. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Thrown when a payload does not match its contract; `issues` names every bad field found. */
export class ContractValidationError extends Error {
  readonly contract: string;
  readonly issues: ValidationIssue[];
  constructor(contract: string, issues: ValidationIssue[]) {
    super(`${contract} is invalid: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`);
    this.name = 'ContractValidationError';
    this.contract = contract;
    this.issues = issues;
  }
}

export interface Validator<T extends TSchema> {
  check(value: unknown): value is Static<T>;
  issues(value: unknown): ValidationIssue[];
  /** Returns the value typed, or throws ContractValidationError naming `contract`. */
  parse(contract: string, value: unknown): Static<T>;
}

export function createValidator<T extends TSchema>(schema: T): Validator<T> {
  // Compiled lazily: the catalogue defines many contracts, a process uses a few.
  let compiled: { Check(value: unknown): boolean; Errors(value: unknown): TLocalizedValidationError[] } | undefined;
  const get = () => (compiled ??= Compile(schema));
  const validator: Validator<T> = {
    check: (value: unknown): value is Static<T> => get().Check(value),
    issues: (value) => toIssues(get().Errors(value)),
    parse(contract, value) {
      if (validator.check(value)) return value;
      throw new ContractValidationError(contract, validator.issues(value));
    },
  };
  return validator;
}

/**
 * Turns TypeBox errors into one issue per bad field. Unions (`T | null`, literal sets) report
 * every branch's failure; those are folded into one "must be string or null" or, when the
 * value had the right shape for a branch, replaced by that branch's own errors.
 */
export function toIssues(errors: TLocalizedValidationError[]): ValidationIssue[] {
  const suppressed = new Set<TLocalizedValidationError>();
  const replacements = new Map<TLocalizedValidationError, ValidationIssue>();
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/anyOf/`;
    const inBranches = errors.filter((e) => e.schemaPath.startsWith(prefix));
    const branchOf = (e: TLocalizedValidationError) => e.schemaPath.slice(prefix.length).split('/')[0];
    const mismatch = (e: TLocalizedValidationError) =>
      (e.keyword === 'type' || e.keyword === 'const') && e.instancePath === anyOf.instancePath && e.schemaPath === prefix + branchOf(e);
    const mismatchedBranches = new Set(inBranches.filter(mismatch).map(branchOf));
    const shaped = inBranches.filter((e) => !mismatchedBranches.has(branchOf(e)));
    if (shaped.length > 0) {
      // The value has the shape of some branch (e.g. an object where `object | null` is expected):
      // its own errors are the useful ones.
      for (const e of inBranches) if (mismatchedBranches.has(branchOf(e))) suppressed.add(e);
      suppressed.add(anyOf);
    } else {
      const expected = inBranches.filter(mismatch).map((e) =>
        e.keyword === 'type' ? String(e.params.type) : JSON.stringify(e.keyword === 'const' ? e.params.allowedValue : ''),
      );
      for (const e of inBranches) suppressed.add(e);
      replacements.set(anyOf, { path: anyOf.instancePath, message: `must be ${[...new Set(expected)].join(' or ')}` });
    }
  }

  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ path, message });
  };
  for (const error of errors) {
    if (suppressed.has(error)) continue;
    const replacement = replacements.get(error);
    if (replacement) {
      add(replacement.path, replacement.message);
      continue;
    }
    switch (error.keyword) {
      case 'required':
        for (const name of error.params.requiredProperties) add(`${error.instancePath}/${name}`, 'is required');
        break;
      case 'additionalProperties':
        for (const name of error.params.additionalProperties) add(`${error.instancePath}/${name}`, 'is not allowed');
        break;
      case 'boolean':
        // `additionalProperties: false` also reports each extra property as "schema is false";
        // the additionalProperties error already names it.
        if (!error.schemaPath.endsWith('/additionalProperties')) add(error.instancePath, error.message);
        break;
      case 'enum':
        add(error.instancePath, `must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`);
        break;
      case 'const':
        add(error.instancePath, `must be ${JSON.stringify(error.params.allowedValue)}`);
        break;
      default:
        add(error.instancePath, error.message);
    }
  }
  return issues;
}
