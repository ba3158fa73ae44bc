// The deputy registry (代表信息库): the five-level deputy database, mixed groups, stations,
// activities, duty performance, ledgers, roster import — declared for the service kit.
import { defineService } from '@onenet/kit';
import { registryConfig, secretKeys } from './config.ts';
import { migrations } from './db/migrations.ts';
import { SCHEMA, type RegistryDatabase } from './db/schema.ts';
import { consumers } from './events/consumers.ts';
import { responders } from './events/responders.ts';
import { createFileStorage } from '@onenet/files';
import { activityRoutes } from './routes/activities.ts';
import { dutyRoutes } from './routes/duties.ts';
import { organisationRoutes } from './routes/organisation.ts';
import { peopleRoutes } from './routes/people.ts';
import type { RouteDeps } from './routes/support.ts';
import { createSecrets } from './secrets.ts';
import { XLSX_TYPE } from './files/read-table.ts';

/** Bodies taken as raw bytes: roster files and photos. */
const RAW_TYPES = [XLSX_TYPE, 'text/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'image/jpeg', 'image/png', 'image/webp'];

export const registryService = defineService<typeof registryConfig, RegistryDatabase>({
  name: 'deputy-registry',
  schema: SCHEMA,
  description: '代表信息库 — five levels of deputies, mixed groups, stations, activities, duty performance (八个一), ledgers (两册七簿)',
  config: registryConfig,
  migrations,
  consumers,
  responders,
  async routes(app, ctx) {
    const keys = secretKeys(ctx.config);
    if (keys.development) ctx.log.warn('REGISTRY_IDENTITY_KEY / REGISTRY_DATA_KEY not set: using development keys (refused when NODE_ENV=production)');
    const deps: RouteDeps = {
      ctx,
      secrets: createSecrets(keys),
      storage: createFileStorage(ctx.config, ctx.config.REGISTRY_FILES_DIR),
    };
    app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: ctx.config.REGISTRY_UPLOAD_LIMIT_BYTES }, (_request, body, done) => done(null, body));
    peopleRoutes(app, deps);
    organisationRoutes(app, deps);
    activityRoutes(app, deps);
    dutyRoutes(app, deps);
  },
});

export default registryService;
