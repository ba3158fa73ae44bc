// Graceful shutdown: each step runs in order (a failing step is logged and the next still
// runs), all of it bounded by one deadline. Past the deadline the process exits anyway: an
// orchestrator's SIGKILL would follow soon after, and a stuck shutdown helps nobody.
import type { Logger } from './logging.ts';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/** Runs the steps in order; true when all finished before `timeoutMs`. */
export async function runShutdown(steps: ShutdownStep[], timeoutMs: number, log: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const sequence = (async () => {
    for (const step of steps) {
      try {
        await step.run();
        log.debug({ step: step.name }, 'shutdown step done');
      } catch (error) {
        log.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    return true as const;
  })();
  try {
    const finished = await Promise.race([sequence, deadline]);
    if (!finished) log.error({ timeout_ms: timeoutMs }, 'shutdown did not finish in time');
    return finished;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `stop` once on the first SIGTERM or SIGINT, then exits with the code it returns.
 * A second signal while stopping exits at once.
 */
export function exitOnSignals(stop: (signal: NodeJS.Signals) => Promise<number>, log: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop(signal).then(
      (code) => process.exit(code),
      (error: unknown) => {
        log.fatal({ err: error }, 'shutdown crashed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
