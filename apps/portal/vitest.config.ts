import { defineTestConfig } from '@onenet/testing/vitest';
// Unit tests and the browser end-to-end tests (which start the whole platform: slow to start).
// A page may take a few seconds to show an answer on two busy cores: polls wait up to 15 s.
export default defineTestConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 240_000, expect: { poll: { timeout: 15_000, interval: 100 } } },
});
