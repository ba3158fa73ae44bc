// The one vitest configuration every workspace uses: real services are slow to start, and CI
// reads the JSON report (.reports/vitest.json) to print its closing "N passed, N failed" line.
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

export function defineTestConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        // Two cores: more forks only fight over them.
        pool: 'forks',
        maxWorkers: 2,
        reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
      },
    }),
    overrides,
  );
}
