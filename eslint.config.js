// One lint configuration for the whole monorepo; each workspace runs `eslint .` against it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', '**/.reports/**', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Frozen migrations and schema-agnostic helpers take Kysely<any>, as kysely's docs prescribe.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Benchmarks and command-line scripts print their figures and results.
    files: ['**/bench/**', '**/scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
