/**
 * The tests `npm run mutation` runs against each mutant of src/engine,
 * src/proofs and src/policy: the ones that exercise those folders directly
 * (no git processes, servers or bundles, which would only make each run slower).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/engine/**/*.test.ts',
      'test/proofs/**/*.test.ts',
      'test/policy/**/*.test.ts',
      'test/adversarial/**/*.test.ts',
      'test/receipt/**/*.test.ts',
      'test/attribution/attribute.test.ts',
      'test/app/relevance.test.ts',
    ],
    // Real git processes: the same attacks are judged on hand-built snapshots in test/adversarial.
    exclude: ['test/adversarial/real-git.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
