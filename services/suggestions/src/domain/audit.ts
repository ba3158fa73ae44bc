// The audit chain: every workflow step of an item is an append-only record that carries the
// SHA-256 of its predecessor, over a canonical serialisation (RFC 8785 JSON Canonicalization),
// so that changing, removing or reordering any record breaks every hash after it.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS = '0'.repeat(64);

export interface AuditRecord {
  suggestionId: string;
  /** 1, 2, 3 … within the item. */
  seq: number;
  /** ISO 8601 instant, millisecond precision. */
  at: string;
  actorUserId: string;
  actorName: string;
  /** The part the actor played (lead-deputy, staff, lead-unit …) and the unit they acted for. */
  actorPart: string;
  actorUnitId: string | null;
  action: string;
  fromState: string;
  toState: string;
  comment: string | null;
  /** Step details (units, category, satisfaction …); JSON objects only. */
  data: Record<string, unknown>;
  prevHash: string;
}

export interface ChainedRecord extends AuditRecord {
  hash: string;
}

/** The canonical bytes a record's hash is computed over (everything but the hash itself). */
export function canonicalForm(record: AuditRecord): string {
  const { suggestionId, seq, at, actorUserId, actorName, actorPart, actorUnitId, action, fromState, toState, comment, data, prevHash } = record;
  const text = canonicalize({ suggestionId, seq, at, actorUserId, actorName, actorPart, actorUnitId, action, fromState, toState, comment, data, prevHash });
  if (text === undefined) throw new Error('audit record cannot be serialised');
  return text;
}

export function hashRecord(record: AuditRecord): string {
  return createHash('sha256').update(canonicalForm(record), 'utf8').digest('hex');
}

export function chain(record: Omit<AuditRecord, 'prevHash'>, previous: ChainedRecord | undefined): ChainedRecord {
  const full: AuditRecord = { ...record, prevHash: previous?.hash ?? GENESIS };
  return { ...full, hash: hashRecord(full) };
}

export interface ChainProblem {
  suggestionId: string;
  seq: number | null;
  problem: string;
}

/**
 * Checks one item's records (in seq order) against each other and against the head the item
 * row remembers (its last seq and hash), which catches a record removed from the end.
 */
export function verifyChain(suggestionId: string, records: readonly ChainedRecord[], head?: { seq: number; hash: string }): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = GENESIS;
  records.forEach((record, index) => {
    if (record.seq !== index + 1) problems.push({ suggestionId, seq: record.seq, problem: `expected record ${index + 1}, found ${record.seq} (a record is missing or out of order)` });
    if (record.prevHash !== prev) problems.push({ suggestionId, seq: record.seq, problem: 'does not point at the hash of the record before it' });
    const computed = hashRecord(record);
    if (computed !== record.hash) problems.push({ suggestionId, seq: record.seq, problem: 'content does not match its hash (the record was altered)' });
    prev = record.hash;
  });
  if (head) {
    const last = records.at(-1);
    if (!last || last.seq !== head.seq || last.hash !== head.hash) {
      problems.push({ suggestionId, seq: head.seq, problem: `the item's head is record ${head.seq} but the chain ends at ${last?.seq ?? 'nothing'} (records removed or replaced)` });
    }
  }
  return problems;
}
