// Sums every workspace's vitest JSON report (.reports/vitest.json) into the one closing line
// CI reads: "N passed, N failed". Runs on any Node; no dependencies.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
// Every workspace of the root package.json: "packages/*" globs and plain folders ("infra").
const workspaces = JSON.parse(readFileSync('package.json', 'utf8')).workspaces.flatMap((pattern) =>
  pattern.endsWith('/*') ? (existsSync(pattern.slice(0, -2)) ? readdirSync(pattern.slice(0, -2)).map((name) => join(pattern.slice(0, -2), name)) : []) : [pattern],
);
for (const workspace of workspaces) {
  const report = join(workspace, '.reports', 'vitest.json');
  if (!existsSync(report)) {
    // A workspace with tests that left no report did not run them (its set-up failed, say).
    const manifest = join(workspace, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) {
      failed += 1;
      failures.push(`${workspace}: no test report (its tests did not run)`);
    }
    continue;
  }
  const data = JSON.parse(readFileSync(report, 'utf8'));
  passed += data.numPassedTests ?? 0;
  failed += data.numFailedTests ?? 0;
  skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
  // A run that failed before any test file (a global set-up's error) is a failure all the same.
  if (data.success === false && (data.numFailedTests ?? 0) === 0 && !(data.testResults ?? []).some((file) => file.status === 'failed')) {
    failed += 1;
    failures.push(`${workspace}: the run failed outside its test files (global set-up or an unhandled error; see its log)`);
  }
  // A file that failed to load, or whose set-up failed (its tests skipped), is a failure all the same.
  for (const file of data.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) {
      failed += 1;
      failures.push(`${workspace}: ${file.name}: ${(file.message ?? '').split('\n')[0]}`);
    }
  }
}
for (const line of failures) console.log(`failed outside a test: ${line}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
