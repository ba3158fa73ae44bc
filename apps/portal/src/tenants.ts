// The tenant tree in the browser: built into the bundle from @onenet/tenancy at build time
// (vite.config.ts), so names and the tree need no request.
import rows from 'virtual:onenet-tenants';
import { TenantIndex } from './tenant-index.ts';

export const tenants = new TenantIndex(rows);
