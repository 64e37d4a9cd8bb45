import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    setupFiles: ['tests/quiet-logs.ts'],
    exclude: ['node_modules/**', 'tests/e2e/**', '.next/**', '.data/**', 'tmp/**'],
    // Each embedded database is a PGlite instance of ~1 GB: two files at a time fit the 2-core CI machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
