/**
 * `regsim paths`: the paths a user can walk through each scenario's flow,
 * under a named coverage criterion, streamed in a format QA can run or read,
 * with coverage per scenario and per machine.
 */
import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import { CRITERIA, type Criterion } from '../paths/cover.ts';
import { FORMATS, fileStem, writerFor, type Format, type ScenarioHeader, type Sink } from '../paths/formats.ts';
import { CoverageTracker, countPaths, generatePaths, planScenario } from '../paths/generate.ts';
import { GraphTooLarge } from '../paths/graph.ts';
import { MachineCoverageAcc, type MachineCoverage } from '../paths/machineCoverage.ts';
import { setupLines } from '../paths/setupLines.ts';
import { loadAll } from './loadAll.ts';
import { UsageError, bold, dim, green, scenarioLabel, table, yellow } from './output.ts';

export interface PathsOptions {
  format: Format | undefined;
  cover: Criterion;
  out: string | undefined;
  count: boolean;
  limit: number;
  shard: string | undefined;
  seed: number;
  until: 'states' | 'transitions' | 'rules';
  maxStates: number | undefined;
}

export const DEFAULT_LIMIT = 1000;

export function parseShard(s: string | undefined): { index: number; total: number } | null {
  if (s === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard takes i/n with 1 <= i <= n, e.g. --shard 2/4 (got "${s}")`);
  return { index, total };
}

/** Writes to stdout, or to files under `--out`; `written` lists the files, each name used once. */
function sinkFor(out: string | undefined): Sink & { written: string[] } {
  const written: string[] = [];
  if (!out) return { written, open: () => {}, write: (t) => { process.stdout.write(t); } };
  mkdirSync(out, { recursive: true });
  let file = '';
  return {
    written,
    open: (name) => {
      // Two directories may hold files of the same name: the second gets a suffix, never the first's file.
      let unique = name;
      for (let n = 2; written.includes(unique); n++) unique = name.replace(/(\.[^.]+)?$/, `-${n}$1`);
      written.push(unique);
      file = join(out, unique);
      writeFileSync(file, '');
    },
    write: (t) => appendFileSync(file, t),
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

export function pathsCommand(paths: string[], o: PathsOptions): number {
  if (paths.length === 0) throw new UsageError('paths needs scenario files or directories, e.g. `regsim paths scenarios/`');
  if (!CRITERIA.includes(o.cover)) throw new UsageError(`--cover must be one of ${CRITERIA.join(', ')} (got "${o.cover}")`);
  const format: Format = o.format ?? (process.stdout.isTTY && !o.out ? 'table' : 'json');
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  const shard = parseShard(o.shard);
  const loaded = loadAll(paths);
  for (const d of [...loaded.errors, ...loaded.warnings]) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (loaded.errors.length) return 2;
  if (o.count) return countCommand(loaded.scenarios, { ...o, format });

  const sink = sinkFor(o.out);
  const writer = writerFor(format, sink);
  const machines = new MachineCoverageAcc();
  const bar = progress();
  let global = 0;
  let truncated = 0;
  writer.start();
  loaded.scenarios.forEach(({ file, scenario }, i) => {
    bar.tick(`paths: ${i + 1}/${loaded.scenarios.length} ${scenario.id}`);
    let plan;
    try {
      plan = planScenario(scenario, o.maxStates);
    } catch (err) {
      if (err instanceof GraphTooLarge) throw new UsageError(err.message);
      throw err;
    }
    const header: ScenarioHeader = {
      id: scenario.id, stem: fileStem(file, scenario.variant), name: scenario.name, file, flow: scenario.flow,
      description: scenario.description, setup: setupLines(scenario),
    };
    const tracker = new CoverageTracker(plan);
    writer.scenario(header);
    let listed = 0;
    let note: string | null = null;
    for (const p of generatePaths(plan, { criterion: o.cover, random: { seed: o.seed, until: o.until } })) {
      const mine = !shard || global % shard.total === shard.index - 1;
      global++;
      if (!mine) continue;
      if (listed >= o.limit) {
        const { count, capped } = countPaths(plan, { criterion: o.cover, random: { seed: o.seed, until: o.until } }, 10_000_000);
        note = `listed ${o.limit} of ${capped ? 'more than ' : ''}${count} ${o.cover} paths; raise --limit to list more (or use --format jsonl for huge runs)`;
        truncated++;
        break;
      }
      tracker.add(p);
      writer.path(header, p);
      listed++;
    }
    writer.endScenario(header, tracker.report(), note);
    machines.add(plan, tracker);
  });
  bar.done();
  const report = machines.report();
  writer.end(format === 'json' || format === 'jsonl' ? { machines: report } : {});
  if (format === 'table' || o.out) printMachineCoverage(report, o.out ? process.stderr : process.stdout);
  if (o.out) process.stdout.write(`wrote ${sink.written.length} file(s) to ${o.out}\n`);
  if (truncated) process.stderr.write(yellow(`${truncated} scenario(s) had more paths than --limit ${o.limit}; see their notes\n`));
  return 0;
}

function printMachineCoverage(report: MachineCoverage[], stream: NodeJS.WriteStream): void {
  const rows = [['machine', 'scenarios', 'states', 'transitions', 'rules'].map((h) => dim(h))];
  for (const m of report) {
    const r = (x: { covered: number; total: number }) => (x.covered === x.total ? green(`${x.covered}/${x.total}`) : yellow(`${x.covered}/${x.total}`));
    rows.push([m.machine, String(m.scenarios), r(m.states), r(m.transitions), r(m.rules)]);
  }
  stream.write(`\n${bold('Coverage by machine')}\n${table(rows)}\n`);
  for (const m of report) {
    for (const id of m.states.uncovered) stream.write(`  ${yellow('unreached state')} ${m.machine}.${id}\n`);
    for (const t of m.transitions.uncovered) stream.write(`  ${yellow('uncovered')} ${t.id}: ${t.why}\n`);
    if (m.rules.uncovered.length) stream.write(`  ${yellow('uncovered rules')} ${m.machine}: ${m.rules.uncovered.join(', ')}\n`);
  }
}

function countCommand(scenarios: ReturnType<typeof loadAll>['scenarios'], o: PathsOptions): number {
  const rows = [['scenario', 'graph states', 'graph edges', 'states', 'transitions', 'simple', 'rules'].map((h) => dim(h))];
  const json: unknown[] = [];
  const bar = progress();
  for (const [i, { file, scenario }] of scenarios.entries()) {
    bar.tick(`count: ${i + 1}/${scenarios.length} ${scenario.id}`);
    const plan = planScenario(scenario, o.maxStates);
    const n = (c: Criterion) => countPaths(plan, { criterion: c, random: { seed: o.seed, until: o.until } }, c === 'simple' ? 10_000_000 : undefined);
    const counts = { states: n('states'), transitions: n('transitions'), simple: n('simple'), rules: n('rules') };
    const show = (c: { count: number; capped: boolean }) => `${c.capped ? '>' : ''}${c.count}`;
    rows.push([scenarioLabel(file, scenario.id), String(plan.graph.nodes.length), String(plan.graph.edges.length), show(counts.states), show(counts.transitions), show(counts.simple), show(counts.rules)]);
    json.push({ name: scenario.id, file, graph: { states: plan.graph.nodes.length, transitions: plan.graph.edges.length }, paths: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.capped ? { atLeast: v.count } : v.count])) });
  }
  bar.done();
  if (o.format === 'json') process.stdout.write(`${JSON.stringify({ scenarios: json }, null, 2)}\n`);
  else process.stdout.write(`${table(rows)}\n`);
  return 0;
}
