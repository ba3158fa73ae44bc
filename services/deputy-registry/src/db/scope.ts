// What every repository function works in: a transaction already scoped to the caller's tenant
// (row-level security on), who is acting, and helpers for the two things every state change
// does besides itself — append to the history and publish an event through the outbox.
import { enqueue } from '@onenet/bus';
import type { Actor, EventDefinition } from '@onenet/contracts';
import { sql, type Transaction, type RawBuilder } from 'kysely';
import type { Static, TSchema } from 'typebox';
import { SCHEMA, type RegistryDatabase } from './schema.ts';

export interface Scope {
  trx: Transaction<RegistryDatabase>;
  /** The acting congress; rows it creates belong to it. */
  tenantPath: string;
  /** Null for the system itself (event consumers). */
  actor: Actor | null;
}

export const tables = (trx: Transaction<RegistryDatabase>) => trx.withSchema(SCHEMA);

/**
 * `column` is `path` or below it, written with leakproof comparisons (=, >, <) so PostgreSQL
 * can use an index under row-level security (LIKE is not leakproof). In the C collation every
 * `path/…` sorts after `path/` and before `path0`.
 */
export function inSubtree(column: string, path: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)} = ${path} or (${sql.ref(column)} > ${`${path}/`} and ${sql.ref(column)} < ${`${path}0`}))`;
}

/**
 * Runs fn with public data (active mandates) visible besides the tenant's own rows, then turns
 * that off again: for facts that are public anyway, such as the levels of a group's national
 * deputy, which the township's own tenant rule would hide.
 */
export async function publicly<T>(scope: Scope, fn: (trx: Transaction<RegistryDatabase>) => Promise<T>): Promise<T> {
  await sql`select set_config('onenet.public', 'on', true)`.execute(scope.trx);
  try {
    return await fn(scope.trx);
  } finally {
    await sql`select set_config('onenet.public', '', true)`.execute(scope.trx);
  }
}

export type Changes = Record<string, unknown>;

/** Appends who/when/what to registry.history. Never pass private values in `changes`. */
export async function record(scope: Scope, entity: string, entityId: string, action: string, changes: Changes = {}): Promise<void> {
  await tables(scope.trx)
    .insertInto('history')
    .values({
      tenant_path: scope.tenantPath,
      entity,
      entity_id: entityId,
      action,
      actor_id: scope.actor?.userId ?? null,
      actor_name: scope.actor?.name ?? null,
      changes: JSON.stringify(changes),
    })
    .execute();
}

/** Publishes an event with the state change (transactional outbox). */
export async function emit<S extends TSchema>(scope: Scope, definition: EventDefinition<S>, data: Static<S>, tenantPath = scope.tenantPath): Promise<void> {
  await enqueue(scope.trx, SCHEMA, definition, { data, tenantPath, actor: scope.actor });
}

/** Field-by-field differences, for history records: { field: { from, to } }. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[key];
    if (JSON.stringify(old ?? null) !== JSON.stringify(value ?? null)) changes[key] = { from: old ?? null, to: value ?? null };
  }
  return changes;
}

/** PostgreSQL unique violation, optionally of one constraint/index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

export const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());
