import { defineTestConfig } from '@onenet/testing/vitest';

export default defineTestConfig();
