/**
 * "What validates, runs" (the foundation issue), seed 7919: see
 * whatValidatesRuns.ts. Two files so vitest's workers share the runs.
 */
import { describe, it } from 'vitest';
import { checkWhatValidatesRuns } from './whatValidatesRuns.ts';

describe('what validates, runs', () => {
  it('1000 generated scenario files (seed 7919): each is rejected at file:line:col or runs everywhere', () => checkWhatValidatesRuns(7919, 1000));
});
