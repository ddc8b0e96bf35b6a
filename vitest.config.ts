import { defineConfig } from 'vitest/config';

/**
 * Tests assert behaviour, never speed (timing targets live in `npm run bench`),
 * so the per-test limit only catches a hang: a slow CI machine must not turn
 * vitest's 5 s default into a failure.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
