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
import { INVARIANTS, type Invariant } from '../check/invariants.ts';
import type { RuleId } from '../domain/rules.ts';
import { GraphTooLarge } from '../paths/graph.ts';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import { loadAll } from './loadAll.ts';
import { FAIL, PASS, UsageError, bold, dim, green, red, table, yellow } from './output.ts';

export interface CheckCommandOptions {
  json: boolean;
  maxStates?: number;
}

export interface CheckedScenario extends ScenarioCheck {
  /** Why the scenario could not be checked (e.g. more states than `--max-states`). */
  error?: string;
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
}

/** Checks loaded scenarios; `progress` is told after each one. */
export function checkScenarios(
  scenarios: ReadonlyArray<{ file: string; scenario: Parameters<typeof checkScenario>[1] }>,
  opts: { maxStates?: number; invariants?: readonly Invariant[]; progress?: (done: number, total: number) => void } = {},
): CheckReport {
  const invariants = opts.invariants ?? INVARIANTS;
  const started = performance.now();
  const results: CheckedScenario[] = [];
  for (const [i, { file, scenario }] of scenarios.entries()) {
    try {
      results.push(checkScenario(file, scenario, { maxStates: opts.maxStates, invariants }));
    } catch (err) {
      if (!(err instanceof GraphTooLarge)) throw err;
      results.push({ id: scenario.id ?? scenario.name, file, states: 0, transitions: 0, violations: [], error: err.message });
    }
    opts.progress?.(i + 1, scenarios.length);
  }
  const ms = performance.now() - started;
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
      invariants: invariants.map((i) => i.id),
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

function printHuman(report: CheckReport): void {
  const width = (f: (r: CheckedScenario) => number) => Math.max(0, ...report.scenarios.map((r) => String(f(r)).length));
  const [ws, wt] = [width((r) => r.states), width((r) => r.transitions)];
  const rows = report.scenarios.map((r) => [
    r.error ? yellow('!') : r.violations.length ? red(FAIL) : green(PASS),
    shortId(r),
    r.error ? '' : `${String(r.states).padStart(ws)} states`,
    r.error ? '' : `${String(r.transitions).padStart(wt)} transitions`,
    r.error ? yellow(r.error) : r.violations.length ? red(plural(r.violations.length, 'violation')) : dim('0 violations'),
  ]);
  process.stdout.write(`${table(rows)}\n`);
  for (const r of report.scenarios) {
    if (!r.violations.length) continue;
    process.stdout.write(`\n  ${red(FAIL)} ${bold(r.id)} ${dim(r.file)}\n`);
    const shown = new Map<string, number>();
    for (const v of r.violations) {
      const n = (shown.get(v.invariant) ?? 0) + 1;
      shown.set(v.invariant, n);
      if (n > SHOWN_PER_INVARIANT) continue;
      process.stdout.write(`    ${bold(v.invariant)} ${dim(`(${formatRules(v.rules)})`)}\n`);
      process.stdout.write(`      ${v.message}\n`);
      process.stdout.write(`      ${dim('at')} ${v.state}\n`);
      process.stdout.write(`      ${dim('path')} ${v.path.length ? v.path.join(' → ') : dim('(initial state)')}\n`);
    }
    for (const [id, n] of shown) {
      if (n > SHOWN_PER_INVARIANT) process.stdout.write(`    ${dim(`… ${n - SHOWN_PER_INVARIANT} more ${id} (--json lists all)`)}\n`);
    }
  }
  const s = report.summary;
  const outcome = s.violations
    ? red(`${plural(s.violations, 'violation')} in ${plural(s.failed - s.errors, 'scenario')}`)
    : green('no violations');
  const errors = s.errors ? `, ${yellow(`${plural(s.errors, 'scenario')} not checked`)}` : '';
  const t = report.timing;
  process.stdout.write(
    `\n ${plural(s.scenarios, 'scenario')}, ${s.states} states, ${s.transitions} transitions, ${plural(s.invariants.length, 'invariant')}: ${outcome}${errors}`
    + ` ${dim(`(${(t.ms / 1000).toFixed(2)}s, ${t.statesPerSecond} states/s)`)}\n`,
  );
}

/** `regsim check`: the shipped invariants. */
export function checkCommand(paths: string[], opts: { json: boolean; maxStates?: number }): number {
  return checkCommandWith(INVARIANTS, paths, opts);
}

/** `regsim check` against a given list of invariants (tests pass their own). */
export function checkCommandWith(invariants: readonly Invariant[], paths: string[], opts: CheckCommandOptions): number {
  if (paths.length === 0) throw new UsageError('check needs scenario files or directories, e.g. `regsim check scenarios/`');
  if (opts.maxStates !== undefined && !(Number.isInteger(opts.maxStates) && opts.maxStates > 0)) {
    throw new UsageError(`--max-states must be a positive integer (got ${opts.maxStates})`);
  }
  const loaded = loadAll(paths);
  for (const d of [...loaded.errors, ...loaded.warnings]) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (loaded.errors.length) return 2;
  const tty = !opts.json && Boolean(process.stderr.isTTY);
  const report = checkScenarios(loaded.scenarios, {
    maxStates: opts.maxStates, invariants,
    progress: tty ? (done, total) => process.stderr.write(`\r checking ${done}/${total}`) : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printHuman(report);
  if (report.summary.errors) return 2;
  return report.summary.violations ? 1 : 0;
}
