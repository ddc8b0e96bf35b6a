/**
 * `npm run bench`: how fast regsim is on the shipped scenarios, against the
 * targets users feel. Timing lives here, never in tests. Prints a table and
 * exits 1 when a target is missed by more than 2x (a machine-load margin).
 */
import { performance } from 'node:perf_hooks';
import { loadAll } from '../src/cli/loadAll.ts';
import { evaluate } from '../src/domain/policy.ts';
import { countSimplePaths } from '../src/paths/cover.ts';
import { CoverageTracker, generatePaths, planScenario } from '../src/paths/generate.ts';
import { runScenario } from '../src/simulate/runner.ts';
import { checkGraph } from '../src/check/checker.ts';

interface Row { what: string; ms: number; target: number; per?: string }
const rows: Row[] = [];
const time = <T>(what: string, target: number, fn: () => T, per?: (r: T, ms: number) => string): T => {
  const t0 = performance.now();
  const r = fn();
  const ms = performance.now() - t0;
  rows.push({ what, ms, target, per: per?.(r, ms) });
  return r;
};

const loaded = time('load + validate scenarios/', 3000, () => loadAll(['scenarios']), (l, ms) => `${l.scenarios.length} scenarios, ${(ms / l.scenarios.length).toFixed(1)} ms each`);
const scenarios = loaded.scenarios.map((x) => x.scenario);
time('evaluate every scenario ×100', 2000, () => { for (let i = 0; i < 100; i++) for (const s of scenarios) evaluate(s); },
  (_r, ms) => `${((ms * 1000) / (100 * scenarios.length)).toFixed(0)} µs per decision`);
time('walk every scripted scenario', 3000, () => scenarios.filter((s) => s.steps.length).map(runScenario).length, (n) => `${n} walks`);
const plans = time('explore every state graph', 30000, () => scenarios.map((s) => planScenario(s)),
  (ps, ms) => { const n = ps.reduce((a, p) => a + p.graph.nodes.length, 0); return `${n} states, ${Math.round(n / (ms / 1000))} states/s`; });
time('transition-cover paths, all scenarios', 10000, () => {
  let n = 0;
  for (const p of plans) { const t = new CoverageTracker(p); for (const path of generatePaths(p, { criterion: 'transitions' })) { t.add(path); n++; } t.report(); }
  return n;
}, (n) => `${n} paths`);
time('count simple paths (cap 1M per scenario)', 60000, () => plans.reduce((a, p) => a + countSimplePaths(p.graph, 1_000_000).count, 0), (n, ms) => `${n} paths, ${Math.round(n / (ms / 1000))} paths/s`);
time('check every invariant on every state and edge', 60000, () => plans.reduce((a, p) => a + checkGraph(p.scenario, p.graph).length, 0), (v) => `${v} violations`);

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
let missed = 0;
for (const r of rows) {
  const ok = r.ms <= r.target * 2;
  if (!ok) missed++;
  process.stdout.write(`${ok ? '✓' : '✗'} ${pad(r.what, 48)} ${pad(`${r.ms.toFixed(0)} ms`, 10)} target ${pad(`${r.target} ms`, 10)} ${r.per ?? ''}\n`);
}
process.exitCode = missed ? 1 : 0;
