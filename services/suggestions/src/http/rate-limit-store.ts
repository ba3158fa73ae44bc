// A rate-limit store for @fastify/rate-limit kept in PostgreSQL (an unlogged table: no commit
// waits for the disk), so every replica of the service counts one address's opinions against the
// same limit (the in-process store counts per replica: N replicas would let N times the limit
// through). One upsert per request: the window starts with the first hit and restarts once it has
// run out; the database's clock decides, so replicas with skewed clocks still agree.
import { sql, type Kysely } from 'kysely';

interface Counted {
  current: number;
  ttl: number;
}
interface RouteInfo {
  method?: string | string[];
  url?: string;
}
type Callback = (error: Error | null, result?: Counted) => void;

/** Windows that ended this long ago are deleted now and then. */
const KEEP_ENDED_MS = 3_600_000;

export function postgresRateLimitStore(db: Kysely<any>) {
  return class PostgresRateLimitStore {
    readonly #namespace: string;
    constructor(options: object = {}) {
      // One counter per route: the opinion form and the receipt lookup have their own limits.
      // The plugin hands a route's settings with the route as routeInfo (its typings say the route).
      const given = options as RouteInfo & { routeInfo?: RouteInfo };
      const route = given.routeInfo ?? given;
      this.#namespace = route.url ? `${[route.method].flat().join(',')} ${route.url}` : '';
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      this.#incr(`${this.#namespace}|${key}`, timeWindow).then((counted) => callback(null, counted), (error: unknown) => callback(error as Error));
    }

    read(key: string, callback: Callback): void {
      sql<{ hits: number; ttl: string }>`
        select hits, greatest(0, extract(epoch from reset_at - clock_timestamp()) * 1000) as ttl
        from suggestions.rate_limits where key = ${`${this.#namespace}|${key}`} and reset_at > clock_timestamp()`
        .execute(db)
        .then(({ rows }) => callback(null, rows[0] ? { current: rows[0].hits, ttl: Math.ceil(Number(rows[0].ttl)) } : { current: 0, ttl: 0 }), (error: unknown) => callback(error as Error));
    }

    child(options: object): PostgresRateLimitStore {
      return new PostgresRateLimitStore(options);
    }

    async #incr(key: string, windowMs: number): Promise<Counted> {
      const { rows } = await sql<{ hits: number; ttl: string }>`
        insert into suggestions.rate_limits as r (key, hits, reset_at)
          values (${key}, 1, clock_timestamp() + ${windowMs} * interval '1 millisecond')
        on conflict (key) do update set
          hits = case when r.reset_at <= clock_timestamp() then 1 else r.hits + 1 end,
          reset_at = case when r.reset_at <= clock_timestamp() then excluded.reset_at else r.reset_at end
        returning hits, greatest(0, extract(epoch from reset_at - clock_timestamp()) * 1000) as ttl`.execute(db);
      // Now and then (about one request in five hundred) the ended windows are swept.
      if (Math.random() < 0.002) await sql`delete from suggestions.rate_limits where reset_at < clock_timestamp() - ${KEEP_ENDED_MS} * interval '1 millisecond'`.execute(db);
      return { current: rows[0]!.hits, ttl: Math.ceil(Number(rows[0]!.ttl)) };
    }
  };
}
