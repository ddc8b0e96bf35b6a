/**
 * `npm run bench`: regsim side by side with what it stands on, in one run,
 * each figure next to its target and the same-run ratio — never a timed
 * assertion in a test. Writes bench/results.json and prints a table.
 *
 *   1. the yardstick wizard: regsim's simple-path listing against
 *      `getSimplePaths` (once, after showing both find the same paths),
 *      counting, and the `states` criterion against `getShortestPaths`;
 *   2. exploring the shipped scenarios against `getAdjacencyMap` alone;
 *   3. `check` against XState's floor: `machine.transition` on every edge;
 *   4. a piped `--cover simple` listing's peak memory, fast and slow reader;
 *   5. the scale-* scenarios, `check` and `paths` each as a process;
 *   6. starting `regsim run` against a bare `node -e 0`, in turns;
 *   7. the suite (`npm test`).
 * The `getSimplePaths` baseline takes minutes, so it runs in its own
 * process alongside 1–6; the suite runs last, alone.
 */
import { writeFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import type { AnyMachineSnapshot } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { machineFor, snapshotKey } from '../machines/index.ts';
import { checkScenario } from '../src/check/checker.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { countSimplePaths, shortestPaths, simplePaths, statesCover } from '../src/paths/cover.ts';
import { exploreScenario, inertScope, partEvents, type StateGraph } from '../src/paths/graph.ts';
import { possibleEvents } from '../src/simulate/events.ts';
import { buildCli, buildIsCurrent } from '../src/build.ts';
import { measure, median, waitedForCpuSeconds } from './processes.ts';
import { YARDSTICK_EVENTS, yardstickMachine } from './yardstick.machine.ts';
import { pathDigest, yardstickGraph, yardstickKey } from './yardstick.ts';

interface Figure {
  id: string;
  what: string;
  /** regsim's figure, and what it is set against (same run). */
  value: number;
  baseline?: number;
  unit: string;
  /** value/baseline or baseline/value, whichever the target is stated in. */
  ratio?: number;
  target: string;
  ok: boolean;
  note?: string;
}

const figures: Figure[] = [];
const started = performance.now();
const REGSIM = ['bin/regsim.js'];
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const seconds = (ms: number) => round(ms / 1000, 2);
/**
 * CPU time of `fn` in this process, so that the load of other processes on a
 * shared machine weighs on both sides of a comparison alike; the median of
 * `rounds` runs, after one run that warms the code up.
 */
function time<T>(fn: () => T, rounds = 1): { ms: number; value: T } {
  return sideBySide([fn], rounds)[0]!;
}

/** Like `time`, for several functions in turns: round by round, each one after the other. */
function sideBySide<T>(fns: ReadonlyArray<() => T>, rounds: number): Array<{ ms: number; value: T }> {
  const values = fns.map((fn) => fn());
  const runs = fns.map((): number[] => []);
  for (let i = 0; i < rounds; i++) {
    fns.forEach((fn, k) => {
      // Each run starts with the others' garbage collected (npm run bench exposes gc), so none pays for another's.
      (globalThis as { gc?: () => void }).gc?.();
      const t = process.cpuUsage();
      values[k] = fn();
      const d = process.cpuUsage(t);
      runs[k]!.push((d.user + d.system) / 1000);
    });
  }
  return fns.map((_, k) => ({ ms: median(runs[k]!), value: values[k]! }));
}

const add = (f: Figure) => { figures.push(f); process.stderr.write(`  ${f.ok ? '✓' : '✗'} ${f.what}\n`); };

// The commands are timed as users run them: from the build, made current first.
if (!buildIsCurrent()) await buildCli();

// The baseline that takes minutes, in its own process, while the rest runs.
const baseline = measure(process.execPath, ['--import', 'tsx', 'bench/simplePathsBaseline.ts', '1']);

// ─── 1. the yardstick wizard ────────────────────────────────────────────────
process.stderr.write('bench: the yardstick wizard\n');
const y1 = yardstickGraph(1);
const labelsOf = (g: StateGraph, p: readonly number[]) => p.map((i) => g.edges[i]!.label);
const endOf = (g: StateGraph, p: readonly number[]) => (p.length ? g.edges[p[p.length - 1]!]!.to : 0);
const ourDigest = pathDigest((function* () { for (const p of simplePaths(y1)) yield { labels: labelsOf(y1, p), final: y1.nodes[endOf(y1, p)]!.key }; })());
// Listing hands out each path's events; counting only counts them.
const listing = time(() => { let n = 0; for (const p of simplePaths(y1)) n += labelsOf(y1, p).length > 0 ? 1 : 0; return n; }, 3);
const countedY1 = time(() => countSimplePaths(y1).count, 3);

const y2 = yardstickGraph(2);
const COUNT_CAP = 20_000_000;
const counting = time(() => countSimplePaths(y2, COUNT_CAP), 1);

const theirShortest = time(() => getShortestPaths(yardstickMachine, { input: { required: 2 }, events: YARDSTICK_EVENTS }), 5);
const ourStates = time(() => { const s = shortestPaths(y2); let n = 0; for (const _ of statesCover(y2)) n++; return { s, n }; }, 5);
const sameLengths = theirShortest.value.length === y2.nodes.length && theirShortest.value.every((p) => {
  const node = y2.nodes.find((n) => n.key === yardstickKey(p.state as AnyMachineSnapshot));
  return node !== undefined && ourStates.value.s[node.index]!.length === p.steps.length - 1;
});
add({
  id: 'yardstick.states', what: `states criterion against getShortestPaths, yardstick (required 2, ${y2.nodes.length} states)`,
  value: round(ourStates.ms), baseline: round(theirShortest.ms), unit: 'CPU ms', ratio: round(theirShortest.ms / ourStates.ms),
  target: 'same shortest lengths, ≥ 5× faster', ok: sameLengths && theirShortest.ms / ourStates.ms >= 5,
  ...(sameLengths ? {} : { note: 'the shortest paths differ from getShortestPaths' }),
});

// ─── 2. exploring the shipped scenarios ─────────────────────────────────────
process.stderr.write('bench: exploring the shipped scenarios\n');
const shipped = loadAll(['scenarios']).scenarios.map((x) => x.scenario);
// getAdjacencyMap is given the events regsim tries: a page explored one part at a time (the every-method ones) has fewer.
const eventsOf = shipped.map((s) => {
  const parts = exploreScenario(s).byParts ? machineFor(s.flow).parts?.(s) : null;
  return parts ? partEvents(parts) : possibleEvents;
});
const [graphs, theirs] = sideBySide<StateGraph[] | number>([
  () => shipped.map((s) => exploreScenario(s)),
  () => shipped.reduce((n, s, i) => {
    const entry = machineFor(s.flow);
    const events = eventsOf[i]!;
    return n + Object.keys(getAdjacencyMap(entry.machine, {
      input: s, events: (x) => events(x as AnyMachineSnapshot), serializeState: (x) => snapshotKey(entry, x as AnyMachineSnapshot),
    })).length;
  }, 0),
], 3) as [{ ms: number; value: StateGraph[] }, { ms: number; value: number }];
const states = graphs.value.reduce((n, g) => n + g.nodes.length, 0);
const transitions = graphs.value.reduce((n, g) => n + g.edges.length, 0);
add({
  id: 'explore', what: `exploring ${shipped.length} shipped variants (${states.toLocaleString('en')} states, ${transitions.toLocaleString('en')} transitions), against getAdjacencyMap alone`,
  value: round(states / (graphs.ms / 1000)), baseline: round(theirs.value / (theirs.ms / 1000)), unit: 'states per CPU second',
  ratio: round(theirs.ms / graphs.ms, 2), target: '≥ 0.8 of getAdjacencyMap\'s rate (regsim also records each step\'s transitions and audit rows), the same states',
  ok: theirs.value === states && theirs.ms / graphs.ms >= 0.8,
});

// ─── 3. check against XState's floor ────────────────────────────────────────
process.stderr.write('bench: check against XState\'s transition floor\n');
const scope = inertScope();
const [floor, checked] = sideBySide([
  () => { let n = 0; for (const g of graphs.value) for (const e of g.edges) { g.machine.transition(g.nodes[e.from]!.snapshot, e.event, scope); n++; } return n; },
  () => shipped.reduce((n, s) => n + checkScenario('', s).transitions, 0),
], 5) as [{ ms: number; value: number }, { ms: number; value: number }];
const checkRate = checked.value / (checked.ms / 1000);
const floorRate = floor.value / (floor.ms / 1000);
add({
  id: 'check', what: `check: ${checked.value.toLocaleString('en')} transitions, every invariant, against machine.transition on the same edges`,
  value: round(checkRate), baseline: round(floorRate), unit: 'transitions per CPU second', ratio: round(checkRate / floorRate, 2),
  target: '≥ 0.5 of XState\'s floor', ok: checkRate / floorRate >= 0.5,
});

// ─── 4. a piped listing's memory ────────────────────────────────────────────
process.stderr.write('bench: streaming into a pipe\n');
const LISTING = ['paths', 'scenarios/mng07-cannot-add-method-not-propagated.yaml', '--cover', 'simple', '--format', 'jsonl', '--limit', '10000000'];
/** A reader that takes `bytesPerSecond` (Infinity: all it can) for `ms`, then goes away, as `head` does. */
const reader = (bytesPerSecond: number, ms: number, got: { bytes: number; lines: number }) => (child: import('node:child_process').ChildProcess) => {
  const out = child.stdout!;
  const stop = setTimeout(() => out.destroy(), ms);
  out.on('data', (c: Buffer) => {
    got.bytes += c.length;
    for (const b of c) if (b === 10) got.lines++;
    if (Number.isFinite(bytesPerSecond)) { out.pause(); setTimeout(() => out.resume(), (c.length / bytesPerSecond) * 1000); }
  });
  out.on('close', () => clearTimeout(stop));
};
for (const [name, rate, ms] of [['quick', Infinity, 15_000], ['slow', 1_000_000, 8_000]] as const) {
  const got = { bytes: 0, lines: 0 };
  const run = await measure(process.execPath, [...REGSIM, ...LISTING], { reader: reader(rate, ms, got) });
  add({
    id: `stream.${name}`, what: `piped --cover simple listing (--limit 10,000,000), ${name} reader for ${ms / 1000} s: ${got.lines.toLocaleString('en')} paths, ${round(got.bytes / 1e9, 2)} GB`,
    value: round(run.peakMB), unit: 'MB peak RSS', target: '≤ 200 MB; exits 0 once the reader goes', ok: run.peakMB <= 200 && run.code === 0,
    ...(run.code === 0 ? {} : { note: `exit ${run.code}: ${run.stderr.trim().split('\n')[0]}` }),
  });
}

// ─── 5. the scale scenarios ─────────────────────────────────────────────────
process.stderr.write('bench: the scale scenarios\n');
const scaleFiles = readdirSync('scenarios').filter((f) => f.startsWith('scale-')).map((f) => `scenarios/${f}`);
for (const file of scaleFiles) {
  // Whether the page was explored part by part, as `check --json` (the first run of each file) reports it.
  let byParts = false;
  for (const [command, args] of [
    ['check', ['--json']], ['paths', ['--cover', 'transitions', '--format', 'json']], ['paths', ['--cover', 'states', '--format', 'json']],
  ] as const) {
    const run = await measure(process.execPath, [...REGSIM, command, file, ...args]);
    const refused = /more than [\d,]+ states[^"]*/.exec(run.stdout + run.stderr)?.[0];
    const fine = run.code === 0;
    if (command === 'check' && fine) byParts = /"byParts": true/.test(run.stdout);
    add({
      id: `scale.${command}${args[0] === '--cover' ? `.${args[1]}` : ''}.${file}`, what: `${command} ${args.slice(0, 2).join(' ')} ${file}${refused ? `: refused, ${refused.replace(/; raise.*/, '')}` : ''}`,
      value: seconds(run.ms), unit: 's', target: `< 30 s and < 500 MB, explored in full${byParts ? ' (the page one part at a time)' : ''}`, ok: fine && run.ms < 30_000 && run.peakMB < 500,
      note: `${round(run.peakMB)} MB peak${refused ? `; refused at the default cap in ${seconds(run.ms)} s (issue 7: refuse within 30 s and 500 MB)` : ''}`
        + (fine || refused ? '' : `; exit ${run.code}: ${(run.stderr.trim().split('\n')[0] ?? '').slice(0, 200)}`),
    });
  }
}

// ─── 6. starting a process ──────────────────────────────────────────────────
process.stderr.write('bench: start-up, in turns\n');
const TURNS = 11;
const bare: number[] = [];
const ours: number[] = [];
for (let i = 0; i < TURNS; i++) {
  bare.push((await measure(process.execPath, ['-e', '0'], { collect: false })).ms);
  ours.push((await measure(process.execPath, [...REGSIM, 'run', 'scenarios/walk-interrupt-cancel.yaml'], { collect: false })).ms);
}
add({
  id: 'start', what: `regsim run <one scenario>, whole process, against node -e 0 (median of ${TURNS}, in turns)`,
  value: round(median(ours)), baseline: round(median(bare)), unit: 'ms', ratio: round(median(ours) / median(bare), 2),
  target: '≤ 4× node -e 0', ok: median(ours) / median(bare) <= 4,
});

// ─── 1. (the baseline, once it is done) ─────────────────────────────────────
process.stderr.write('bench: waiting for getSimplePaths (it runs once, in its own process)\n');
const base = await baseline;
const theirRun = JSON.parse(base.stdout) as { ms: number; all: number; finals: number; digest: string };
const same = theirRun.finals === listing.value && theirRun.digest === ourDigest;
add({
  id: 'yardstick.simple', what: `simple paths to final states, yardstick (required 1, ${y1.nodes.length} states): ${listing.value.toLocaleString('en')} paths, against getSimplePaths (${theirRun.all.toLocaleString('en')} paths to every state)`,
  value: round(listing.ms), baseline: round(theirRun.ms), unit: 'CPU ms', ratio: round(theirRun.ms / listing.ms),
  target: 'the same paths, ≥ 1000× faster', ok: same && theirRun.ms / listing.ms >= 1000,
  note: `${same ? 'same set (sorted hashes equal)' : 'NOT the same set'}; getSimplePaths peak ${round(base.peakMB)} MB`,
});

add({
  id: 'yardstick.count', what: `counting the same ${countedY1.value.toLocaleString('en')} simple paths (yardstick, required 1) without listing them, against getSimplePaths, the only way xstate/graph counts them`,
  value: round(countedY1.ms), baseline: round(theirRun.ms), unit: 'CPU ms', ratio: round(theirRun.ms / countedY1.ms),
  target: '≥ 1000× faster', ok: countedY1.value === theirRun.finals && theirRun.ms / countedY1.ms >= 1000,
  note: `and ${counting.value.count.toLocaleString('en')} paths of the yardstick with required 2 (${y2.nodes.length} states, some 1.4 billion paths) in ${round(counting.ms / 1000, 1)} CPU s: ${Math.round(counting.value.count / (counting.ms / 1000)).toLocaleString('en')} paths a second`,
});

// ─── 7. the suite ───────────────────────────────────────────────────────────
process.stderr.write('bench: the suite (npm test)\n');
const cpuBefore = waitedForCpuSeconds();
const suite = await measure('npm', ['test'], { collect: false });
const cpuAfter = waitedForCpuSeconds();
// How much work the suite did, and how much of the cores it kept busy: what tells a slower code from a busier host.
const work = cpuBefore === null || cpuAfter === null ? null : round(cpuAfter - cpuBefore);
const suiteNotes = [
  ...(suite.code === 0 ? [] : [`exit ${suite.code}`]),
  ...(work === null ? [] : [`${work} CPU s in its processes (${round(work / (suite.ms / 1000) / cpus().length * 100)}% of ${cpus().length} cores busy)`]),
];
add({
  id: 'suite', what: `npm test (type-check and every test file) on ${cpus().length} cores`,
  value: seconds(suite.ms), unit: 's', target: '< 60 s, green', ok: suite.code === 0 && suite.ms < 60_000,
  ...(suiteNotes.length ? { note: suiteNotes.join('; ') } : {}),
});

// ─── the report ─────────────────────────────────────────────────────────────
const total = seconds(performance.now() - started);
const met = figures.filter((f) => f.ok).length;
writeFileSync('bench/results.json', `${JSON.stringify({
  node: process.version, cpus: cpus().length, seconds: total, targetsMet: `${met}/${figures.length}`, figures,
}, null, 2)}\n`);
const fmt = (x: number | undefined) => (x === undefined ? '' : x.toLocaleString('en'));
for (const f of figures) {
  const against = f.baseline === undefined ? '' : ` against ${fmt(f.baseline)} ${f.unit}${f.ratio === undefined ? '' : ` (×${f.ratio})`}`;
  process.stdout.write(`${f.ok ? '✓' : '✗'} ${f.what}\n    ${fmt(f.value)} ${f.unit}${against}; target: ${f.target}${f.note ? `\n    ${f.note}` : ''}\n`);
}
process.stdout.write(`\n${met} of ${figures.length} targets met, in ${total} s (the whole benchmark: target < 300 s); figures in bench/results.json\n`);
process.exitCode = met === figures.length ? 0 : 1;
