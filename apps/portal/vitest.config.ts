import { defineTestConfig } from '@onenet/testing/vitest';
// Unit tests and the browser end-to-end tests (which start the whole platform: slow to start).
export default defineTestConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 240_000 } });
