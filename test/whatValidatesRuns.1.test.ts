/**
 * "What validates, runs" (the foundation issue): seeded generated scenario
 * files, each rejected with positioned diagnostics or run through run,
 * paths --count, check and an inspector session with no internal error.
 * Two files so vitest's workers share the runs; see whatValidatesRuns.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exercise, generatedFile } from './whatValidatesRuns.ts';

const RUNS = 1000;

describe('what validates, runs (seed 1)', () => {
  it(`${RUNS} generated scenario files: each is rejected at file:line:col or runs everywhere`, () => {
    let rejected = 0;
    let ran = 0;
    fc.assert(fc.property(generatedFile, (text) => {
      const o = exercise(text);
      if (o.rejected) rejected++;
      else ran++;
    }), { seed: 7919, numRuns: RUNS });
    // The generator stays near the schema: both halves of the property are exercised.
    expect(ran).toBeGreaterThan(RUNS * 0.3);
    expect(rejected).toBeGreaterThan(RUNS * 0.1);
  });
});
