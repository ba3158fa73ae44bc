// The suggestions service (议案建议办理): motions, suggestions and letters from submission to
// closure, key supervision, look-back, notices, disclosure, assessment, constituent opinions.
import { defineService } from '@onenet/kit';
import { suggestionsConfig } from './config.ts';
import { migrations } from './db/migrations.ts';
import { createFileStorage, type FileStorage } from '@onenet/files';
import { adminRoutes } from './routes/admin.ts';
import { publicRoutes } from './routes/public.ts';
import { opinionRoutes } from './routes/opinions.ts';
import { aroundRoutes } from './routes/around.ts';
import { suggestionRoutes } from './routes/suggestions.ts';
import { statisticsRoutes } from './routes/statistics.ts';
import { isoInstants } from './routes/schemas.ts';
import { registryConsumer } from './workflow/deputies.ts';
import { scanDeadlines } from './workflow/deadlines.ts';

export interface SuggestionsOptions {
  /** Where attachments go; by default FILES_BACKEND's: local disk under FILES_DIR, or S3. */
  storage?: FileStorage;
}

export function suggestionsService(options: SuggestionsOptions = {}) {
  return defineService({
    name: 'suggestions',
    schema: 'suggestions',
    version: '0.1.0',
    description: '议案建议办理 — motions, suggestions and letters from submission to closure',
    config: suggestionsConfig,
    migrations,
    consumers: [registryConsumer],
    async routes(app, ctx) {
      const storage = options.storage ?? createFileStorage(ctx.config, ctx.config.FILES_DIR);
      const deps = { ctx, storage };
      // Instants leave as ISO 8601 strings, so response schemas can check them (src/routes/schemas.ts).
      app.addHook('preSerialization', async (_request, _reply, payload) => isoInstants(payload));
      suggestionRoutes(app, deps);
      adminRoutes(app, deps);
      publicRoutes(app, deps);
      opinionRoutes(app, deps);
      aroundRoutes(app, deps);
      statisticsRoutes(app, deps);
      // Reminders and escalations: a timer in each replica; the scan locks rows (skip locked)
      // and marks what it sent, so replicas never send one twice.
      if (ctx.config.DEADLINE_SCAN_INTERVAL_MS > 0) {
        const timer = setInterval(() => {
          scanDeadlines(ctx, ctx.config.SCAN_ROOT_TENANT, ctx.clock.now()).catch((error: unknown) => ctx.log.error({ err: error }, 'deadline scan failed'));
        }, ctx.config.DEADLINE_SCAN_INTERVAL_MS);
        timer.unref();
        app.addHook('onClose', async () => clearInterval(timer));
      }
    },
  });
}

export const service = suggestionsService();
