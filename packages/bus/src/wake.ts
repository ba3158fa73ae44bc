// Waking a relay in this process when a transaction that enqueued events has committed, without
// NOTIFY (a notifying commit holds a cluster-wide lock through its WAL flush, which serialises
// every producer's commit). A relay watches its pool: `enqueueAll` learns the backend pid of the
// connection its insert ran on (in the same statement), and when the pool takes that connection
// back (after COMMIT or ROLLBACK) the relay for the schema looks at once. A rolled-back
// transaction costs one empty look; a connection kept out of the pool across transactions wakes
// the relay only when it is released (the relay's poll is the safety net).
import type pg from 'pg';

interface PoolWatch {
  /** schema → wake functions of the relays on this pool */
  relays: Map<string, Set<() => void>>;
  /** backend pid → schemas enqueued to in the transaction now running on that connection */
  pending: Map<number, Set<string>>;
  detach(): void;
}

const watches = new WeakMap<pg.Pool, PoolWatch>();
/** Backend pids of connections lent out by a watched pool (pids are unique per server). */
const lent = new Map<number, PoolWatch>();
/** How many relays run in this process for each schema. */
const relaysBySchema = new Map<string, number>();

type PoolClient = pg.PoolClient & { processID?: number | null };

/** Registers a relay's wake-up on its pool; returns the function that unregisters it. */
export function watchPool(pool: pg.Pool, schema: string, wake: () => void): () => void {
  let watch = watches.get(pool);
  if (!watch) {
    const relays = new Map<string, Set<() => void>>();
    const pending = new Map<number, Set<string>>();
    const onAcquire = (client: PoolClient) => {
      if (client.processID) lent.set(client.processID, created);
    };
    const onRelease = (_error: unknown, client: PoolClient) => {
      const pid = client.processID;
      if (!pid) return;
      if (lent.get(pid) === created) lent.delete(pid);
      const schemas = pending.get(pid);
      if (!schemas) return;
      pending.delete(pid);
      for (const s of schemas) relays.get(s)?.forEach((w) => w());
    };
    pool.on('acquire', onAcquire);
    pool.on('release', onRelease);
    const created: PoolWatch = {
      relays,
      pending,
      detach() {
        pool.off('acquire', onAcquire);
        pool.off('release', onRelease);
        for (const [pid, w] of lent) if (w === created) lent.delete(pid);
        watches.delete(pool);
      },
    };
    watch = created;
    watches.set(pool, watch);
  }
  const w = watch;
  const wakes = w.relays.get(schema) ?? new Set();
  w.relays.set(schema, wakes);
  wakes.add(wake);
  relaysBySchema.set(schema, (relaysBySchema.get(schema) ?? 0) + 1);
  return () => {
    wakes.delete(wake);
    if (wakes.size === 0) w.relays.delete(schema);
    relaysBySchema.set(schema, (relaysBySchema.get(schema) ?? 1) - 1);
    if (w.relays.size === 0) w.detach();
  };
}

/** True when a relay for `schema` runs in this process (worth learning the connection's pid). */
export const hasLocalRelay = (schema: string): boolean => (relaysBySchema.get(schema) ?? 0) > 0;

/**
 * Asks for the relay of `schema` to be woken when the connection with backend `pid` goes back to
 * its pool. False when no relay here watches that connection's pool (the caller must NOTIFY).
 */
export function wakeOnRelease(pid: number, schema: string): boolean {
  const watch = lent.get(pid);
  if (!watch?.relays.has(schema)) return false;
  const schemas = watch.pending.get(pid) ?? new Set<string>();
  schemas.add(schema);
  watch.pending.set(pid, schemas);
  return true;
}
