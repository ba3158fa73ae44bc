// The suggestions service's own environment variables (the kit reads the base ones).
import { Type } from '@onenet/kit';
import { filesConfig } from '@onenet/files';

export const suggestionsConfig = Type.Object({
  FILES_DIR: Type.String({ minLength: 1, default: '.data/files', description: 'a directory where attachments are kept when FILES_BACKEND=local' }),
  ...filesConfig.properties,
  ATTACHMENT_MAX_BYTES: Type.Integer({ minimum: 1, default: 10 * 1024 * 1024, description: 'the largest attachment or photo accepted, in bytes' }),
  VIDEO_MAX_BYTES: Type.Integer({ minimum: 1, default: 50 * 1024 * 1024, description: 'the largest short video accepted, in bytes' }),
  OPINION_FILES_MAX: Type.Integer({ minimum: 0, maximum: 20, default: 6, description: 'the number of files one opinion may carry, 0–20' }),
  OPINION_RATE_LIMIT: Type.Integer({ minimum: 1, default: 5, description: 'opinions one address may send per window, an integer ≥ 1' }),
  OPINION_RATE_WINDOW_MS: Type.Integer({ minimum: 1000, default: 600_000, description: 'the rate-limit window for opinions in milliseconds' }),
  DEADLINE_SCAN_INTERVAL_MS: Type.Integer({ minimum: 0, default: 300_000, description: 'how often deadlines are scanned for reminders and escalations in milliseconds; 0 turns the timer off' }),
  PUBLIC_CACHE_SECONDS: Type.Integer({
    minimum: 0,
    default: 30,
    description: 'how long the public site’s pages and searches are kept, in seconds (cleared at once when this replica publishes or moves a published item); 0 keeps nothing',
  }),
  SCAN_ROOT_TENANT: Type.String({ pattern: '^[0-9]{6,12}(/[0-9]{6,12})*$', default: '450000', description: 'the tenant path whose subtree the deadline scan covers' }),
});
