/**
 * `regsim check <scenario|dir>...`: model-check every scenario (matrices
 * expanded) — every reachable state and transition against the invariants of
 * `src/check/invariants.ts` — and print each violation with the shortest
 * event sequence that reaches it. Exit 0 when none is found, 1 when one is,
 * 2 on bad input (unloadable scenarios, a graph above `--max-states`).
 *
 * Everything printed is deterministic except the timing: the JSON output
 * keeps wall-clock figures apart, under `timing`, so the rest can be compared.
 */
import { checkScenario, type ScenarioCheck } from '../check/checker.ts';
import type { StateGraph } from '../paths/graph.ts';
import { INVARIANTS, type Invariant } from '../check/invariants.ts';
import type { RuleId } from '../domain/rules.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { LoadLimits } from '../scenario/limits.ts';
import { attempt, formatInternalError } from './boundary.ts';
import { describeFailure, loadAll, type FileFailure } from './loadAll.ts';
import { FAIL, PASS, TERMINAL_WIDTH, UsageError, bold, dim, fitTable, green, red, yellow } from './output.ts';
import { SCENARIO_COLUMN, inFileOrder, reportLoad } from './run.ts';
import { inShard, parseShard, type Shard } from './shard.ts';
import { Output } from './stream.ts';

export interface CheckCommandOptions {
  json: boolean;
  maxStates?: number;
  /** `i/n`: check every n-th scenario variant, from the i-th (as `paths --shard` deals paths). */
  shard?: string;
  limits?: LoadLimits;
}

export interface CheckedScenario extends ScenarioCheck {
  /** Why the scenario could not be checked: more states than `--max-states`, a file that does not load, a bug. */
  error?: string;
  /** The diagnostics of a file that does not load. */
  diagnostics?: Diagnostic[];
}

export interface CheckSummary {
  scenarios: number;
  /** Scenarios with a violation or an error. */
  failed: number;
  states: number;
  transitions: number;
  violations: number;
  errors: number;
  invariants: string[];
}

/** Wall-clock figures: they vary run to run, so they never mix with the deterministic fields. */
export interface CheckTiming {
  ms: number;
  statesPerSecond: number;
  transitionsPerSecond: number;
}

export interface CheckReport {
  scenarios: CheckedScenario[];
  summary: CheckSummary;
  timing: CheckTiming;
  /** A shard's share (`--shard i/n`), for `regsim merge`; absent from a whole run. */
  shard?: Shard;
}

/** Checks loaded scenarios; `progress` is told after each one. With `shard`, only that shard's share (files that do not load are in every shard). */
export function checkScenarios(
  scenarios: ReadonlyArray<{ file: string; scenario: Parameters<typeof checkScenario>[1] }>,
  opts: {
    maxStates?: number; invariants?: readonly Invariant[]; progress?: (done: number, total: number) => void;
    failed?: readonly FileFailure[]; shard?: Shard;
    /** Handed each scenario's graph once checked (`CheckOptions.onGraph`). */
    onGraph?: (scenario: Parameters<typeof checkScenario>[1], g: StateGraph) => void;
  } = {},
): CheckReport {
  const invariants = opts.invariants ?? INVARIANTS;
  const mine = opts.shard ? scenarios.filter((_, i) => inShard(i, opts.shard!)) : scenarios;
  const started = performance.now();
  const results: CheckedScenario[] = [];
  for (const [i, { file, scenario }] of mine.entries()) {
    const id = scenario.id ?? scenario.name;
    const onGraph = opts.onGraph && ((g: StateGraph) => opts.onGraph!(scenario, g));
    const r = attempt(file, id, () => checkScenario(file, scenario, { maxStates: opts.maxStates, invariants, ...(onGraph ? { onGraph } : {}) }));
    if (r.ok) results.push(r.value);
    else {
      if (!r.error.refused) process.stderr.write(`${formatInternalError(r.error)}\n`);
      results.push({ id, file, states: 0, transitions: 0, violations: [], error: r.error.refused ? r.error.message : `internal error: ${r.error.message}` });
    }
    opts.progress?.(i + 1, mine.length);
  }
  const ms = performance.now() - started;
  const all = inFileOrder(results, opts.failed ?? [], unloadable);
  return { ...reportOf(all, invariants.map((i) => i.id), ms), ...(opts.shard ? { shard: opts.shard } : {}) };
}

/** A file that does not load, as a row of the report. */
export const unloadable = (f: FileFailure): CheckedScenario =>
  ({ id: f.file, file: f.file, states: 0, transitions: 0, violations: [], error: describeFailure(f), diagnostics: f.errors });

/** The report of checked scenarios (in the order given): totals and rates from the rows. */
export function reportOf(results: CheckedScenario[], invariants: string[], ms: number): CheckReport {
  const sum = (f: (r: CheckedScenario) => number) => results.reduce((n, r) => n + f(r), 0);
  const states = sum((r) => r.states);
  const transitions = sum((r) => r.transitions);
  const perSecond = (n: number) => (ms > 0 ? Math.round((n * 1000) / ms) : 0);
  return {
    scenarios: results,
    summary: {
      scenarios: results.length,
      failed: results.filter((r) => r.violations.length > 0 || r.error).length,
      states, transitions,
      violations: sum((r) => r.violations.length),
      errors: results.filter((r) => r.error).length,
      invariants,
    },
    timing: { ms: Math.round(ms), statesPerSecond: perSecond(states), transitionsPerSecond: perSecond(transitions) },
  };
}

/** The file's name plus the matrix variant: short enough for a table row. */
function shortId(r: CheckedScenario): string {
  const base = r.file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  const variant = r.id.match(/ \[(.*)\]$/)?.[1];
  return variant ? `${base} [${variant}]` : base;
}

/** `AUD-01, AUD-02, AUD-03` → `AUD-01..03`: consecutive ids of a group collapse. */
export function formatRules(rules: readonly RuleId[]): string {
  const out: string[] = [];
  let run: { group: string; from: number; to: number } | null = null;
  const flush = () => {
    if (!run) return;
    const pad = (n: number) => String(n).padStart(2, '0');
    out.push(run.from === run.to ? `${run.group}-${pad(run.from)}` : `${run.group}-${pad(run.from)}..${pad(run.to)}`);
    run = null;
  };
  for (const r of rules) {
    const [group, num] = [r.slice(0, r.lastIndexOf('-')), Number(r.slice(r.lastIndexOf('-') + 1))];
    if (run && run.group === group && run.to + 1 === num) { run.to = num; continue; }
    flush();
    run = { group, from: num, to: num };
  }
  flush();
  return out.join(', ');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** At most this many counterexamples per invariant and scenario in the human output (`--json` lists all). */
const SHOWN_PER_INVARIANT = 3;

const CHECK_TABLE_SHRINK = { 1: SCENARIO_COLUMN } as const;

function printHuman(report: CheckReport, out: Output): void {
  const width = (f: (r: CheckedScenario) => number) => Math.max(0, ...report.scenarios.map((r) => String(f(r)).length));
  const [ws, wt] = [width((r) => r.states), width((r) => r.transitions)];
  const rows = report.scenarios.map((r) => [
    r.error ? yellow('!') : r.violations.length ? red(FAIL) : green(PASS),
    shortId(r),
    r.error ? '' : `${String(r.states).padStart(ws)} states`,
    r.error ? '' : `${String(r.transitions).padStart(wt)} transitions${r.byParts ? dim(', page part by part') : ''}`,
    r.error ? yellow(r.error) : r.violations.length ? red(plural(r.violations.length, 'violation')) : dim('0 violations'),
  ]);
  // As run's table: 120 columns at most, the scenario's name giving way (keeping its [variant]); a violation below names it whole.
  out.write(`${fitTable(rows, TERMINAL_WIDTH, CHECK_TABLE_SHRINK)}\n`);
  for (const r of report.scenarios) {
    if (!r.violations.length) continue;
    out.write(`\n  ${red(FAIL)} ${bold(r.id)} ${dim(r.file)}\n`);
    const shown = new Map<string, number>();
    for (const v of r.violations) {
      const n = (shown.get(v.invariant) ?? 0) + 1;
      shown.set(v.invariant, n);
      if (n > SHOWN_PER_INVARIANT) continue;
      out.write(`    ${bold(v.invariant)} ${dim(`(${formatRules(v.rules)})`)}\n`);
      out.write(`      ${v.message}\n`);
      out.write(`      ${dim('at')} ${v.state}\n`);
      out.write(`      ${dim('path')} ${v.path.length ? v.path.join(' → ') : dim('(initial state)')}\n`);
    }
    for (const [id, n] of shown) {
      if (n > SHOWN_PER_INVARIANT) out.write(`    ${dim(`… ${n - SHOWN_PER_INVARIANT} more ${id} (--json lists all)`)}\n`);
    }
  }
  const s = report.summary;
  const outcome = s.violations
    ? red(`${plural(s.violations, 'violation')} in ${plural(s.failed - s.errors, 'scenario')}`)
    : green('no violations');
  const errors = s.errors ? `, ${yellow(`${plural(s.errors, 'scenario')} not checked`)}` : '';
  const t = report.timing;
  out.write(
    `\n ${plural(s.scenarios, 'scenario')}, ${s.states} states, ${s.transitions} transitions, ${plural(s.invariants.length, 'invariant')}: ${outcome}${errors}`
    + ` ${dim(`(${(t.ms / 1000).toFixed(2)}s, ${t.statesPerSecond} states/s)`)}\n`,
  );
}

/** `regsim check`: the shipped invariants. */
export function checkCommand(paths: string[], opts: CheckCommandOptions): Promise<number> {
  return checkCommandWith(INVARIANTS, paths, opts);
}

/** `regsim check` against a given list of invariants (tests pass their own). */
export async function checkCommandWith(invariants: readonly Invariant[], paths: string[], opts: CheckCommandOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError('check needs scenario files or directories, e.g. `regsim check scenarios/`');
  if (opts.maxStates !== undefined && !(Number.isInteger(opts.maxStates) && opts.maxStates > 0)) {
    throw new UsageError(`--max-states must be a positive integer (got ${opts.maxStates})`);
  }
  const shard = parseShard(opts.shard) ?? undefined;
  const loaded = loadAll(paths, opts.limits);
  reportLoad(loaded);
  const tty = !opts.json && Boolean(process.stderr.isTTY);
  const report = checkScenarios(loaded.scenarios, {
    maxStates: opts.maxStates, invariants, failed: loaded.failed, shard,
    progress: tty ? (done, total) => process.stderr.write(`\r checking ${done}/${total}`) : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const out = Output.toStream(process.stdout);
  if (opts.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
  else printHuman(report, out);
  await out.end();
  if (report.summary.errors) return 2;
  return report.summary.violations ? 1 : 0;
}
