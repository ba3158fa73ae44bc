import { ApiNetworkError, ApiProblem } from '@onenet/api-client';

/** Only failures that may pass by themselves are retried: no answer, or a service restarting. */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (failures >= 2) return false;
  if (error instanceof ApiNetworkError) return !error.aborted;
  return error instanceof ApiProblem && error.kind === 'unavailable';
}
