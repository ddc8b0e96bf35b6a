/**
 * Sharded runs put back together: `paths --shard i/n --format json` and
 * `check --shard i/n --json` split the work deterministically, and
 * `regsim merge` combines the shards' reports into the report one unsharded
 * run prints — byte for byte (check's wall-clock `timing` aside).
 * In-process: the commands are the functions the CLI calls.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { checkCommand, type CheckReport } from '../src/cli/check.ts';
import { mergeCommand } from '../src/cli/merge.ts';
import { UsageError } from '../src/cli/output.ts';
import { DEFAULT_LIMIT, pathsCommand } from '../src/cli/paths.ts';
import { captured, type Captured } from './regsimInProcess.ts';

const dir = mkdtempSync(join(tmpdir(), 'regsim-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

// A few flows, a matrix, and a file that does not load (it is in every shard).
for (const f of ['walk-manage-delete-failure', 'int-06-concept-worked-example', 'caveat1-a-ca-legacy-mfa-sspr2', 'scale-b2b-every-method', 'walk-passkey-browser-cancel']) {
  copyFileSync(join('scenarios', `${f}.yaml`), join(dir, `${f}.yaml`));
}
writeFileSync(join(dir, 'broken.yaml'), 'name: broken\nflow: nowhere\n');

/** Shards 1..n of a run, one after the other. */
async function inTurn<T>(n: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 1; i <= n; i++) out.push(await run(i));
  return out;
}

const paths = (shard?: string, limit = DEFAULT_LIMIT, cover: 'transitions' | 'random' = 'transitions') => captured(() => pathsCommand([dir], {
  format: 'json', cover, out: undefined, count: false, limit, shard, seed: 7, until: cover === 'random' ? 'rules' : 'transitions', maxStates: undefined,
}));
const check = (shard?: string) => captured(() => checkCommand([dir], { json: true, shard }));
const merge = (docs: string[]) => {
  const files = docs.map((d, i) => { const f = join(dir, `shard-${i}-${docs.length}.json`); writeFileSync(f, d); return f; });
  return captured(() => mergeCommand(files));
};
const withoutTiming = (json: string) => { const { timing: _t, ...rest } = JSON.parse(json) as CheckReport; return rest; };

describe('check --shard', () => {
  it('deals the scenario variants round robin: disjoint shards that together check every one, files that do not load in each', async () => {
    const whole = JSON.parse((await check()).stdout) as CheckReport;
    const shards: CheckReport[] = [];
    for (const i of [1, 2, 3]) shards.push(JSON.parse((await check(`${i}/3`)).stdout) as CheckReport);
    const checked = (r: CheckReport) => r.scenarios.filter((s) => !s.diagnostics).map((s) => s.id);
    const all = checked(whole);
    shards.forEach((s, i) => expect(checked(s)).toEqual(all.filter((_, k) => k % 3 === i)));
    for (const s of shards) expect(s.scenarios.filter((x) => x.diagnostics).map((x) => x.file)).toEqual([join(dir, 'broken.yaml')]);
    expect(shards.map((s) => s.shard)).toEqual([{ index: 1, total: 3 }, { index: 2, total: 3 }, { index: 3, total: 3 }]);
    expect(whole.shard).toBeUndefined();
  });

  it('merged, is the unsharded report (timing aside), with the same exit code', async () => {
    const whole = await check();
    for (const n of [1, 2, 4]) {
      const shards = await inTurn(n, (i) => check(`${i}/${n}`));
      const merged = await merge(shards.map((s) => s.stdout).reverse());
      expect(withoutTiming(merged.stdout)).toEqual(withoutTiming(whole.stdout));
      expect(merged.stdout.replace(/"timing": \{[^}]*\}/, '')).toBe(whole.stdout.replace(/"timing": \{[^}]*\}/, ''));
      expect(merged.code).toBe(whole.code);
    }
  });
});

describe('paths --shard, merged', () => {
  it('is byte-identical to the unsharded JSON report', async () => {
    const whole = await paths();
    for (const n of [2, 3]) {
      const shards = await inTurn(n, (i) => paths(`${i}/${n}`));
      // Each shard lists only its share…
      const listed = (out: string) => (JSON.parse(out) as { scenarios: Array<{ paths?: unknown[] }> }).scenarios.reduce((k, s) => k + (s.paths?.length ?? 0), 0);
      expect(shards.map((s) => listed(s.stdout)).reduce((a, b) => a + b)).toBe(listed(whole.stdout));
      for (const s of shards) expect(listed(s.stdout)).toBeLessThan(listed(whole.stdout));
      const merged = await merge(shards.map((s) => s.stdout));
      expect(merged.stdout).toBe(whole.stdout);
      expect(merged.code).toBe(whole.code);
    }
  });

  it('random walks that stop short of --until: every shard says so alike, and the merge keeps it, byte for byte', async () => {
    const whole = await paths(undefined, DEFAULT_LIMIT, 'random');
    const entries = (JSON.parse(whole.stdout) as { scenarios: Array<{ name: string; note?: string; coverage?: { rules: { covered: number }; reachable: { rules: number } } }> }).scenarios.filter((e) => e.coverage);
    // The note says exactly where the walks cover fewer rules than the scenario can reach.
    for (const e of entries) expect(e.note !== undefined, e.name).toBe(e.coverage!.rules.covered < e.coverage!.reachable.rules);
    expect(entries.some((e) => e.note)).toBe(true);
    const shards = await inTurn(2, (i) => paths(`${i}/2`, DEFAULT_LIMIT, 'random'));
    expect((await merge(shards.map((s) => s.stdout))).stdout).toBe(whole.stdout);
  });

  it('refuses shards cut short by --limit, which no unsharded report equals', async () => {
    const shards = await inTurn(2, (i) => paths(`${i}/2`, 1));
    await expect(merge(shards.map((s) => s.stdout))).rejects.toThrow(/raise --limit to list more \(or use --format jsonl for huge runs\); merged, it would not be the unsharded report$/);
  });
});

describe('merge refuses what it cannot put together', () => {
  it('a missing or doubled shard, shards of two splits or of two commands, a report that is no shard', async () => {
    const [c1, c2] = (await inTurn(2, (i) => check(`${i}/2`))) as [Captured, Captured];
    const p1 = await paths('1/3');
    await expect(merge([c1.stdout])).rejects.toThrow(/shard 2\/2 missing/);
    await expect(merge([c1.stdout, c1.stdout])).rejects.toThrow(/both shard 1\/2/);
    await expect(merge([c1.stdout, p1.stdout])).rejects.toThrow(/is shard 1\/3, but .* is one of 2|is one of 2/);
    await expect(merge([(await check()).stdout])).rejects.toThrow(/not a shard's report/);
    await expect(merge(['{ nope'])).rejects.toThrow(UsageError);
    await expect(captured(() => mergeCommand([]))).rejects.toThrow(/merge needs/);
    expect(c2.code).toBe(2);
  });
});
