// The public site's answers, kept for a short while: during a session thousands of visitors ask
// for the same newest page and search the same words, and a broad word ranks a whole year's
// items — the same work for everyone, since the public sees the same published texts.
//
// Kept answers never outlive what they show on this replica: a step that publishes an item or
// moves a published one marks the public site changed once its transaction has committed (so a
// read racing the commit cannot store the old answer under the new generation). Other replicas
// catch up within PUBLIC_CACHE_SECONDS.
import { LRUCache } from 'lru-cache';
import type { Static } from '@onenet/kit';
import type { suggestionsConfig } from '../config.ts';
import type { Trx } from '../workflow/engine.ts';

type SuggestionsConfig = Static<typeof suggestionsConfig>;

export interface PublicAnswers {
  /** The kept answer for `key`, or `answer()` (concurrent askers share one). Failures are not kept. */
  get<T extends object>(key: string, answer: () => Promise<T>): Promise<T>;
  /** What the public sees changed: nothing kept before now is answered again. */
  changed(): void;
}

const perService = new WeakMap<object, PublicAnswers>();

/** The service instance's kept public answers (one per service context). */
export function publicAnswersOf(ctx: { config: object }): PublicAnswers {
  let answers = perService.get(ctx);
  if (!answers) perService.set(ctx, (answers = publicAnswers((ctx.config as SuggestionsConfig).PUBLIC_CACHE_SECONDS)));
  return answers;
}

function publicAnswers(seconds: number): PublicAnswers {
  if (seconds === 0) return { get: (_key, answer) => answer(), changed: () => {} };
  type Answer = () => Promise<object>;
  const kept = new LRUCache<string, object, Answer>({ max: 2000, ttl: seconds * 1000, fetchMethod: (_key, _stale, { context }) => context() });
  let generation = 0;
  return {
    async get<T extends object>(key: string, answer: () => Promise<T>) {
      return (await kept.fetch(`${generation} ${key}`, { context: answer })) as T;
    },
    changed() {
      generation += 1;
      kept.clear();
    },
  };
}

// ---- after commit: what a transaction's steps ask to happen once it has committed
const afterCommit = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn(trx)` in a transaction opened by `open`, then what its steps queued with `onCommit`
 * (only when it committed: a rolled-back transaction changed nothing).
 */
export async function withAfterCommit<T>(open: (fn: (trx: Trx) => Promise<T>) => Promise<T>, fn: (trx: Trx) => Promise<T>): Promise<T> {
  const queued: (() => void)[] = [];
  const result = await open((trx) => {
    afterCommit.set(trx, queued);
    return fn(trx);
  });
  for (const run of queued) run();
  return result;
}

/** Queues `run` for after `trx` commits; outside withAfterCommit it runs now. */
export function onCommit(trx: Trx, run: () => void): void {
  const queued = afterCommit.get(trx);
  if (queued) queued.push(run);
  else run();
}
