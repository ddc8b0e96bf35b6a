/**
 * "What validates, runs" (the foundation issue), seed 15838: see
 * whatValidatesRuns.ts. Two files so vitest's workers share the runs.
 */
import { describe, it } from 'vitest';
import { checkWhatValidatesRuns } from './whatValidatesRuns.ts';

describe('what validates, runs', () => {
  it('1000 generated scenario files (seed 15838): each is rejected at file:line:col or runs everywhere', () => checkWhatValidatesRuns(15838, 1000));
});
