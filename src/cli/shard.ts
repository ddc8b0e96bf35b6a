/**
 * `--shard i/n`: one CI machine's share of a run. Items (scenario variants
 * for `check`, paths for `paths`) are dealt round robin in the order an
 * unsharded run takes them — item k goes to shard k mod n + 1 — so the same
 * input always splits the same way, and `regsim merge` can put the shards'
 * reports back together in that order.
 */
import { UsageError } from './output.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export function parseShard(s: string | undefined): Shard | null {
  if (s === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard takes i/n with 1 <= i <= n, e.g. --shard 2/4 (got "${s}")`);
  return { index, total };
}

/** Whether item `k` (0-based, in unsharded order) is this shard's. */
export const inShard = (k: number, shard: Shard): boolean => k % shard.total === shard.index - 1;

/** Where the `j`-th item of shard `index` sits in the unsharded order. */
export const unshardedIndex = (j: number, shard: Shard): number => j * shard.total + shard.index - 1;
