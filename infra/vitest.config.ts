import { defineTestConfig } from '@onenet/testing/vitest';

export default defineTestConfig({ test: { globalSetup: ['./test/helm-setup.ts'] } });
