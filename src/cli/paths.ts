/**
 * `regsim paths`: the paths a user can walk through each scenario's flow,
 * under a named coverage criterion, streamed in a format QA can run or read,
 * with coverage per scenario and per machine.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { CRITERIA, RANDOM_LIMITS, type Criterion, type RandomGoal } from '../paths/cover.ts';
import { FORMATS, scenarioHeader, writerFor, type Format, type Sink } from '../paths/formats.ts';
import { CoverageTracker, WALK_ID, countPaths, generatePaths, planScenario, type Coverage, type ScenarioPlan } from '../paths/generate.ts';
import { MachineCoverageAcc, type MachineCoverage } from '../paths/machineCoverage.ts';
import { ADAPTER_FILE, ADAPTER_SOURCE } from '../paths/vitest.ts';
import type { LoadLimits } from '../scenario/limits.ts';
import { attempt, formatInternalError, type InternalError } from './boundary.ts';
import { describeFailure, loadAll } from './loadAll.ts';
import { UsageError, bold, dim, green, scenarioLabel, table, yellow } from './output.ts';
import { reportLoad } from './run.ts';
import { inShard, parseShard } from './shard.ts';
import { Output, WholeDocument } from './stream.ts';

export interface PathsOptions {
  format: Format | undefined;
  cover: Criterion;
  out: string | undefined;
  count: boolean;
  limit: number;
  shard: string | undefined;
  seed: number;
  until: RandomGoal;
  maxStates: number | undefined;
  limits?: LoadLimits;
  /** Nothing on stderr but errors: no progress, no coverage line, no "wrote" line. */
  quiet?: boolean;
  /** Each machine's coverage and every uncovered transition, on stderr. */
  coverage?: boolean;
}

export const DEFAULT_LIMIT = 1000;

/** A sink whose reader can fall behind: the generator waits on `drained()` when `blocked`. */
interface PacedSink extends Sink {
  readonly written: string[];
  readonly blocked: boolean;
  drained(): Promise<void>;
  /** Everything written and in place; `ok: false` removes what was half written. */
  end(ok: boolean): Promise<void>;
}

/**
 * `--out` names a file when it has an extension and is not an existing
 * directory (`qa/x.md`); otherwise a directory (`qa/`, `features`).
 */
export function outIsFile(out: string): boolean {
  if (/[\\/]$/.test(out)) return false;
  if (existsSync(out)) return !statSync(out).isDirectory();
  return extname(out) !== '';
}

/**
 * stdout, the one file `--out` names, or files under the directory it names.
 * A JSON document on stdout is spooled and sent whole once complete (never
 * half a document); files are written as `.partial` and moved into place when
 * done, so a failed run leaves only whole files behind.
 */
function sinkFor(out: string | undefined, format: Format): PacedSink {
  const written: string[] = [];
  if (!out) {
    const doc = format === 'json' ? new WholeDocument(null) : null;
    const target = doc ? doc.out : Output.toStream(process.stdout);
    return {
      written,
      open: () => {},
      write: (t) => target.write(t),
      get blocked() { return target.blocked; },
      drained: () => target.drained(),
      end: async (ok) => {
        if (!doc) return target.end();
        return ok ? doc.commit() : doc.abandon();
      },
    };
  }
  const single = outIsFile(out);
  mkdirSync(single ? dirname(out) : out, { recursive: true });
  let file: { path: string; out: Output } | null = null;
  const close = () => {
    if (!file) return;
    file.out.endSync();
    renameSync(`${file.path}.partial`, file.path);
    file = null;
  };
  return {
    written,
    open: (name) => {
      if (single) {
        // Every scenario's output goes to the one file, after the previous one's.
        if (!file) { written.push(out); file = { path: out, out: Output.toFile(`${out}.partial`) }; }
        return;
      }
      // Two directories may hold files of the same name: the second gets a suffix, never the first's file.
      let unique = name;
      for (let n = 2; written.includes(unique); n++) unique = name.replace(/(\.[^.]+)?$/, `-${n}$1`);
      written.push(unique);
      close();
      const path = join(out, unique);
      file = { path, out: Output.toFile(`${path}.partial`) };
    },
    write: (t) => file?.out.write(t),
    get blocked() { return false; },
    drained: () => Promise.resolve(),
    end: async (ok) => {
      if (ok || !file) return close();
      file.out.endSync();
      rmSync(`${file.path}.partial`, { force: true });
      file = null;
    },
  };
}

/** A progress line on stderr, only on a TTY. */
function progress(): { tick: (text: string) => void; done: () => void } {
  if (!process.stderr.isTTY) return { tick: () => {}, done: () => {} };
  return {
    tick: (text) => process.stderr.write(`\r\x1b[2K${dim(text)}`),
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}

export async function pathsCommand(paths: string[], o: PathsOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError('paths needs scenario files or directories, e.g. `regsim paths scenarios/`');
  if (!CRITERIA.includes(o.cover)) throw new UsageError(`--cover must be one of ${CRITERIA.join(', ')} (got "${o.cover}")`);
  const format: Format = o.format ?? (process.stdout.isTTY && !o.out ? 'table' : 'json');
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  if (o.maxStates !== undefined && !(Number.isInteger(o.maxStates) && o.maxStates > 0)) {
    throw new UsageError(`--max-states must be a positive integer (got ${o.maxStates})`);
  }
  if (format === 'vitest' && !o.out) throw new UsageError('--format vitest writes test files and their adapter: give --out DIR, e.g. `--out t/`');
  const shard = parseShard(o.shard);
  const loaded = loadAll(paths, o.limits);
  reportLoad(loaded);
  if (o.count) return countCommand(loaded, { ...o, format });
  if (o.out && outIsFile(o.out) && (format === 'gherkin' || format === 'vitest') && loaded.scenarios.length > 1) {
    throw new UsageError(`--out ${o.out} names a file, but ${format} writes one file per scenario variant and there are ${loaded.scenarios.length}: give a directory`);
  }

  const sink = sinkFor(o.out, format);
  const writer = writerFor(format, sink);
  const machines = new MachineCoverageAcc();
  const internal: InternalError[] = [];
  const bar = o.quiet ? { tick: () => {}, done: () => {} } : progress();
  const totals = { paths: 0, scenarios: 0, covered: emptyCoverage() };
  let global = 0;
  let truncated = 0;
  let short = 0;
  let ok = false;
  try {
    writer.start();
    for (const f of loaded.failed) writer.failed({ file: f.file, name: null, error: describeFailure(f), diagnostics: f.errors });
    for (const [i, { file, scenario }] of loaded.scenarios.entries()) {
      bar.tick(`paths: ${i + 1}/${loaded.scenarios.length} ${scenario.id}`);
      const planned = attempt(file, scenario.id, () => planScenario(scenario, o.maxStates));
      if (!planned.ok) {
        internal.push(planned.error);
        writer.failed({ file, name: scenario.id, error: planned.error.message });
        continue;
      }
      const plan: ScenarioPlan = planned.value;
      const header = scenarioHeader(file, scenario);
      const tracker = new CoverageTracker(plan);
      // What all the walks cover, whatever shard lists them: whether they reach their goal is the same note in every shard.
      const goal = o.cover === 'random' ? new CoverageTracker(plan) : null;
      writer.scenario(header);
      let listed = 0;
      let walked = false;
      let note: string | null = null;
      const criterion = { criterion: o.cover, random: { seed: o.seed, until: o.until } };
      try {
        for (const p of generatePaths(plan, criterion)) {
          goal?.add(p);
          if (p.id === WALK_ID) walked = true;
          const mine = !shard || inShard(global, shard);
          global++;
          if (!mine) continue;
          if (listed >= o.limit) {
            const { count, capped } = countPaths(plan, criterion, 10_000_000);
            const more = capped ? 'more than ' : '';
            // The scenario's own walk comes first and is no path of the criterion: it is counted beside them.
            const of = walked ? `${more}${(count + 1).toLocaleString('en')} paths, the scenario's walk and ${more}${count.toLocaleString('en')} ${o.cover} paths`
              : `${more}${count.toLocaleString('en')} ${o.cover} paths`;
            note = `Listed ${o.limit.toLocaleString('en')} of ${of}: raise --limit to list more (or use --format jsonl for huge runs).`;
            truncated++;
            break;
          }
          tracker.add(p);
          writer.path(header, p);
          listed++;
          // The reader sets the pace: wait while its end of the pipe is full.
          if (sink.blocked) await sink.drained();
        }
      } catch (e) {
        const error = { file, scenario: scenario.id, message: (e as Error).message };
        internal.push(error);
        note = `internal error while listing paths: ${error.message}`;
      }
      const covered = tracker.report();
      if (note === null && goal) {
        note = shortOfGoal(goal.report(), o.until);
        if (note) short++;
      }
      writer.endScenario(header, covered, note, shard ? { covered: tracker.covered() } : undefined);
      machines.add(plan, tracker);
      totals.paths += listed;
      totals.scenarios++;
      addCoverage(totals.covered, covered);
    }
    bar.done();
    const report = machines.report();
    writer.end(format === 'json' || format === 'jsonl' ? { machines: report, ...(shard ? { shard: { ...shard, machines: machines.covered() } } : {}) } : {});
    ok = internal.length === 0;
    await sink.end(true);
    if (format === 'vitest' && o.out) writeAdapterOnce(outIsFile(o.out) ? dirname(o.out) : o.out, o.quiet ?? false);
    if (o.coverage) await printMachineCoverage(report, process.stderr);
  } catch (e) {
    await sink.end(false);
    throw e;
  }
  for (const e of internal) process.stderr.write(`${formatInternalError(e)}\n`);
  if (!o.quiet) {
    process.stderr.write(`${summaryLine(totals)}${o.coverage ? '' : dim(' (--coverage: per machine)')}\n`);
    if (o.out) process.stdout.write(`wrote ${plural(sink.written.length, 'file')} to ${o.out}\n`);
  }
  // --quiet: the notes are in the output itself; stderr keeps errors only.
  if (truncated && !o.quiet) process.stderr.write(yellow(`${plural(truncated, 'scenario')} had more paths than --limit ${o.limit}; see their notes\n`));
  if (short && !o.quiet) process.stderr.write(yellow(`${plural(short, 'scenario')} stopped short of --until ${o.until}; see their notes\n`));
  return loaded.failed.length || !ok ? 2 : 0;
}

const SHORT_OF_GOAL = 'The random walks stopped short of --until';

/** A random run that gave up before covering what it went on until (`--until`): how far it got, and what covers the rest. */
function shortOfGoal(c: Coverage, until: RandomGoal): string | null {
  const reached = c[until].covered;
  const reachable = c.reachable[until];
  if (reached >= reachable) return null;
  return `${SHORT_OF_GOAL} ${until}: they cover ${reached.toLocaleString('en')} of the ${reachable.toLocaleString('en')} ${until} this scenario can reach`
    + ` (at most ${RANDOM_LIMITS.maxWalks.toLocaleString('en')} walks of ${RANDOM_LIMITS.maxSteps} steps); --cover ${until} covers them all.`;
}

/** A note that says the same in every shard (the walks' goal), which a merge keeps; the rest depend on the shard. */
export const sameInEveryShard = (note: string): boolean => note.startsWith(SHORT_OF_GOAL);

/** The generated tests' adapter: written beside them the first time, a user's own never replaced. */
function writeAdapterOnce(dir: string, quiet: boolean): void {
  const file = join(dir, ADAPTER_FILE);
  if (existsSync(file)) {
    if (!quiet) process.stderr.write(dim(`kept ${file}: the tests use your adapter\n`));
    return;
  }
  writeFileSync(file, ADAPTER_SOURCE);
}

const emptyCoverage = (): Coverage => ({
  states: { covered: 0, total: 0 }, transitions: { covered: 0, total: 0 }, rules: { covered: 0, total: 0 },
  reachable: { states: 0, transitions: 0, rules: 0 },
});

function addCoverage(sum: Coverage, c: Coverage): void {
  for (const k of ['states', 'transitions', 'rules'] as const) {
    sum[k].covered += c[k].covered;
    sum.reachable[k] += c.reachable[k];
  }
}

/** One line: what the listed paths cover of what their scenarios can reach. */
export function summaryLine(t: { paths: number; scenarios: number; covered: Coverage }): string {
  const c = t.covered;
  const n = (x: number, one: string) => `${x.toLocaleString('en')} ${x === 1 ? one : `${one}s`}`;
  const of = (k: 'transitions' | 'states' | 'rules') => `${c[k].covered.toLocaleString('en')} of ${c.reachable[k].toLocaleString('en')} ${k}`;
  return `${n(t.paths, 'path')} for ${n(t.scenarios, 'scenario')}: they cover ${of('transitions')}, ${of('states')} and ${of('rules')} `
    + `the ${t.scenarios === 1 ? 'scenario can' : 'scenarios can'} reach`;
}

async function printMachineCoverage(report: MachineCoverage[], stream: NodeJS.WriteStream): Promise<void> {
  const out = Output.toStream(stream);
  const rows = [['machine', 'scenarios', 'states', 'transitions', 'rules'].map((h) => dim(h))];
  for (const m of report) {
    const r = (x: { covered: number; total: number }) => (x.covered === x.total ? green(`${x.covered}/${x.total}`) : yellow(`${x.covered}/${x.total}`));
    rows.push([m.machine, String(m.scenarios), r(m.states), r(m.transitions), r(m.rules)]);
  }
  out.write(`\n${bold('Coverage by machine')} ${dim('(against each machine\'s whole definition: one scenario reaches part of it)')}\n${table(rows)}\n`);
  for (const m of report) {
    for (const id of m.states.uncovered) out.write(`  ${yellow('unreached state')} ${m.machine}.${id}\n`);
    for (const t of m.transitions.uncovered) out.write(`  ${yellow('uncovered')} ${t.id}: ${t.why}\n`);
    if (m.rules.uncovered.length) out.write(`  ${yellow('uncovered rules')} ${m.machine}: ${m.rules.uncovered.join(', ')}\n`);
  }
  await out.end();
}

async function countCommand(loaded: ReturnType<typeof loadAll>, o: PathsOptions): Promise<number> {
  const rows = [['scenario', 'graph states', 'graph edges', 'states', 'transitions', 'simple', 'rules'].map((h) => dim(h))];
  const json: unknown[] = [];
  const internal: InternalError[] = [];
  const bar = progress();
  for (const f of loaded.failed) {
    json.push({ name: null, file: f.file, error: describeFailure(f), diagnostics: f.errors });
    rows.push([scenarioLabel(f.file, ''), 'does not load']);
  }
  for (const [i, { file, scenario }] of loaded.scenarios.entries()) {
    bar.tick(`count: ${i + 1}/${loaded.scenarios.length} ${scenario.id}`);
    const counted = attempt(file, scenario.id, () => {
      const plan = planScenario(scenario, o.maxStates);
      const n = (c: Criterion) => countPaths(plan, { criterion: c, random: { seed: o.seed, until: o.until } }, c === 'simple' ? 10_000_000 : undefined);
      return { plan, counts: { states: n('states'), transitions: n('transitions'), simple: n('simple'), rules: n('rules') } };
    });
    if (!counted.ok) {
      internal.push(counted.error);
      json.push({ name: scenario.id, file, error: counted.error.message });
      rows.push([scenarioLabel(file, scenario.id), counted.error.message]);
      continue;
    }
    const { plan, counts } = counted.value;
    const show = (c: { count: number; capped: boolean }) => `${c.capped ? '>' : ''}${c.count}`;
    rows.push([scenarioLabel(file, scenario.id), String(plan.graph.nodes.length), String(plan.graph.edges.length), show(counts.states), show(counts.transitions), show(counts.simple), show(counts.rules)]);
    json.push({ name: scenario.id, file, graph: { states: plan.graph.nodes.length, transitions: plan.graph.edges.length }, paths: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.capped ? { atLeast: v.count } : v.count])) });
  }
  bar.done();
  for (const e of internal) process.stderr.write(`${formatInternalError(e)}\n`);
  const out = Output.toStream(process.stdout);
  if (o.format === 'json') out.write(`${JSON.stringify({ scenarios: json }, null, 2)}\n`);
  else out.write(`${table(rows)}\n`);
  await out.end();
  return loaded.failed.length || internal.length ? 2 : 0;
}
