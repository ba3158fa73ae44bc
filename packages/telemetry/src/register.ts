// `node --import @onenet/telemetry/register src/main.ts`
//
// Installs import-in-the-middle's loader hook before any application module is evaluated, so
// the instrumentations startTelemetry() enables later can still patch `pg` even when the service
// imported it statically (ESM imports bypass require-in-the-middle). Only the instrumented
// packages are intercepted; every other module loads untouched.
import { register as registerAsyncHooks } from 'node:module';
import { register, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';

const instrumented = ['pg', 'pg-pool'];

if (supportsSyncHooks()) {
  register({ include: instrumented });
} else {
  registerAsyncHooks('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: instrumented } });
}
