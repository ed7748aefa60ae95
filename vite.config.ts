import { defineConfig } from 'vitest/config';

// One config for the page (vite) and the tests (vitest).
export default defineConfig({
  // Scenario files are served as raw text from scenarios/ (see src/app/scenarioFiles.ts).
  server: { port: 5173, strictPort: false },
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
