/**
 * `regsim run`: evaluate every scenario, walk its steps, check `expect`.
 * Exit 0 when every expectation holds, 1 when one fails, 2 on bad input.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import { formatAuditRow } from '../domain/audit.ts';
import { evaluate, type Decision } from '../domain/policy.ts';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import type { LoadLimits } from '../scenario/limits.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';
import { PROFILES, type Profile, type Scenario } from '../scenario/schema.ts';
import { DEFAULT_OPTIONS } from '../domain/defaultOptions.ts';
import { addList } from '../domain/manage.ts';
import { ceremonyBehaviour } from '../domain/passkey.ts';
import { refreshEntry, reviewList } from '../domain/refresh.ts';
import { methodsHeld, rollbackDecision, type RollbackDecision } from '../domain/rollback.ts';
import { checkExpectations, decisionFor, type Check } from '../simulate/expectations.ts';
import { runScenario, type Run } from '../simulate/runner.ts';
import { attempt, formatInternalError, type InternalError } from './boundary.ts';
import { describeFailure, loadAll, type FileFailure, type Loaded } from './loadAll.ts';
import { FAIL, PASS, TERMINAL_WIDTH, UsageError, bold, dim, fitTable, green, red, scenarioLabel, show, table, yellow } from './output.ts';
import { Output } from './stream.ts';

export interface RunOptions {
  json: boolean;
  profile: Profile | 'both' | undefined;
  verbose: boolean;
  limits?: LoadLimits;
}

export interface ScenarioResult {
  scenario: ExpandedScenario;
  file: string;
  id: string;
  flow: string;
  profile: Profile;
  decision: Omit<Decision, 'sspr'> & { sspr: Decision['sspr'] };
  /** ADM-02: the rollback script's verdict for the user. */
  rollback: RollbackDecision;
  run: Run | null;
  checks: Check[];
  ok: boolean;
}

export function evaluateScenario(file: string, s: ExpandedScenario): ScenarioResult {
  const e = s.expect;
  const run = s.steps.length > 0 || [e.final, e.audit, e.visits, e.screens, e.default, e.listed].some((x) => x !== undefined) ? runScenario(s) : null;
  const checks = checkExpectations(s, run);
  return {
    scenario: s, file, id: s.id, flow: s.flow, profile: s.profile, decision: decisionFor(s), rollback: rollbackDecision(s.user),
    run, checks, ok: checks.every((c) => c.ok),
  };
}

/** ADM-02: the rollback script's verdict, where the scenario is about it (the admin ran it, or `expect` asks). */
function rollbackNote(s: Scenario): RollbackDecision | null {
  return s.user.rolledBack || s.expect.rollback !== undefined || s.expect.rollbackReason !== undefined ? rollbackDecision(s.user) : null;
}

/** What the table shows of a flow: its decision in a few words and the methods it puts first. */
function flowSummary(s: Scenario, d: Decision): { decision: string; methods: readonly string[] } {
  const rollback = rollbackNote(s);
  const summary = flowDecision(s, d);
  return rollback ? { ...summary, decision: `${summary.decision}; rollback: ${rollback.decision}${rollback.reasons.length ? ` (${rollback.reasons.join(', ')})` : ''}` } : summary;
}

function flowDecision(s: Scenario, d: Decision): { decision: string; methods: readonly string[] } {
  switch (s.flow) {
    case 'manage':
      return { decision: `Security info (gate: ${d.gate})`, methods: addList(s, methodsHeld(s.user)).addable.map((m) => `+${m}`) };
    case 'ssprRefresh':
      return {
        decision: d.wizard === 'refresh' ? `review due (gate: ${d.gate})` : refreshEntry(s) === 'legacy' ? 'review due (legacy SSPR page)' : 'no review due',
        methods: reviewList(methodsHeld(s.user)),
      };
    case 'passkey':
      return { decision: `passkey ceremony: ${ceremonyBehaviour(s.client)}`, methods: [] };
    default:
      return { decision: d.interrupted ? `${d.wizard}${d.trigger ? ` (${d.trigger})` : ''}` : 'not interrupted', methods: d.offered };
  }
}

function describeCheck(c: Check): string {
  const form = `${c.form ? ` (${c.form})` : ''}${c.step !== undefined ? `, W001's step ${c.step} in the checklist` : ''}`;
  const why = c.message ? `: ${c.message}` : '';
  return `      ${bold(`${c.field}${form}`)}${why}\n        ${green(`expected: ${JSON.stringify(c.expected)}`)}\n        ${red(`actual:   ${JSON.stringify(c.actual)}`)}`;
}

/**
 * Under `--profile`, a matrix over `profile` would run the same scenario twice
 * under one profile, with the other variant's expectations: keep the variant
 * written for that profile (`both` compares the two profiles itself, so one).
 */
function keepUnderOverride(s: ExpandedScenario, override: RunOptions['profile']): boolean {
  const own = s.variant.profile;
  if (override === undefined || own === undefined) return true;
  return own === (override === 'both' ? PROFILES[0] : override);
}

/** Diagnostics of every file that did not load, then every warning, on stderr. */
export function reportLoad(loaded: Loaded): void {
  for (const d of [...loaded.errors, ...loaded.warnings]) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

/** A scenario's result, a file that did not load, or a scenario regsim failed on: one row each, in file order. */
type Entry =
  | { kind: 'result'; file: string; result: ScenarioResult }
  | { kind: 'unloadable'; file: string; failure: FileFailure }
  | { kind: 'internal'; file: string; error: InternalError };

/** Merges the failed files into the scenarios' file order (both are sorted by file). */
export function inFileOrder<T extends { file: string }>(items: readonly T[], failed: readonly FileFailure[], asEntry: (f: FileFailure) => T): T[] {
  const out: T[] = [];
  let i = 0;
  for (const f of failed) {
    while (i < items.length && items[i]!.file <= f.file) out.push(items[i++]!);
    out.push(asEntry(f));
  }
  return [...out, ...items.slice(i)];
}

/** How a table's scenario column gives way: cut in the middle, keeping its [variant]. */
export const SCENARIO_COLUMN = { min: 31, keepEnd: true } as const;
/** Columns that give way: the scenario, the decision, the methods. */
const RUN_TABLE_SHRINK = { 1: SCENARIO_COLUMN, 3: { min: 20 }, 4: { min: 16 } } as const;

export async function runCommand(paths: string[], opts: RunOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError('run needs scenario files or directories, e.g. `regsim run scenarios/`');
  const loaded = loadAll(paths, opts.limits);
  reportLoad(loaded);
  const scenarios = loaded.scenarios
    .filter(({ scenario }) => keepUnderOverride(scenario, opts.profile))
    .map(({ file, scenario }) => ({ file, scenario: opts.profile && opts.profile !== 'both' ? { ...scenario, profile: opts.profile } : scenario }));
  if (opts.profile === 'both') return compareProfiles(scenarios, loaded.failed, opts.json);
  const evaluated: Entry[] = scenarios.map(({ file, scenario }) => {
    const r = attempt(file, scenario.id, () => evaluateScenario(file, scenario));
    return r.ok ? { kind: 'result', file, result: r.value } : { kind: 'internal', file, error: r.error };
  });
  const entries = inFileOrder(evaluated, loaded.failed, (failure): Entry => ({ kind: 'unloadable', file: failure.file, failure }));
  const results = entries.flatMap((e) => (e.kind === 'result' ? [e.result] : []));
  const internal = entries.flatMap((e) => (e.kind === 'internal' ? [e.error] : []));
  for (const e of internal) process.stderr.write(`${formatInternalError(e)}\n`);
  const failed = results.filter((r) => !r.ok).length;
  const broken = loaded.failed.length + internal.length;
  const code = broken ? 2 : failed ? 1 : 0;
  if (opts.json) {
    const out = Output.toStream(process.stdout);
    out.write(`${JSON.stringify({
      scenarios: entries.map(jsonEntry),
      summary: { passed: results.length - failed, failed, total: results.length, unloadable: loaded.failed.length, internalErrors: internal.length },
    }, null, 2)}\n`);
    await out.end();
    return code;
  }
  const rows = [[' ', 'scenario', 'flow', 'decision', 'methods', 'req', 'skip', 'outcome'].map((h) => dim(h))];
  for (const e of entries) {
    if (e.kind === 'unloadable') { rows.push([red(FAIL), scenarioLabel(e.file, ''), '', red('does not load (see the errors above)')]); continue; }
    if (e.kind === 'internal') { rows.push([red(FAIL), scenarioLabel(e.file, e.error.scenario), '', red('internal error (see above)')]); continue; }
    const r = e.result;
    const summary = flowSummary(r.scenario, r.decision);
    rows.push([
      r.ok ? green(PASS) : red(FAIL), scenarioLabel(r.file, r.id), r.flow, summary.decision, show(summary.methods),
      String(r.decision.required), r.decision.skippable ? 'yes' : 'no', r.run?.outcome ?? (r.run ? `(${r.run.state})` : '—'),
    ]);
  }
  const out = Output.toStream(process.stdout);
  // The table fits 120 columns; --verbose prints every cell whole (and --json everything).
  out.write(`${opts.verbose ? table(rows) : fitTable(rows, TERMINAL_WIDTH, RUN_TABLE_SHRINK)}\n`);
  for (const r of results) {
    if (!r.ok) {
      out.write(`\n  ${red(FAIL)} ${bold(r.id)} ${dim(r.file)}\n`);
      for (const c of r.checks.filter((x) => !x.ok)) out.write(`${describeCheck(c)}\n`);
    }
    // One scenario: the user is looking at that walk, so show it without --verbose.
    if ((opts.verbose || entries.length === 1) && r.run) {
      out.write(`\n  ${bold(r.id)}\n`);
      const rollback = rollbackNote(r.scenario);
      if (rollback) out.write(`    ${dim('rollback')} ${rollback.decision}: ${rollback.output.join(' ')}\n`);
      for (const t of r.run.trace) {
        const via = t.passed.length ? dim(` (via ${t.passed.join(' → ')})`) : '';
        out.write(t.refused
          ? `    ${(t.event ?? '').padEnd(30)} ${dim('refused, as expected; stays in')} ${t.state}\n`
          : `    ${(t.event ?? '(start)').padEnd(30)} → ${t.state}${via}\n`);
        if (t.screen) out.write(`      ${dim('screen')} "${t.screen}"\n`);
        for (const a of t.audit) out.write(`      ${dim('audit')} ${formatAuditRow(a)}\n`);
      }
      // MTH-04, INT-09: the default sign-in option the page (or the wizard's review) shows at the end.
      const o = r.run.defaultOption;
      if (o) out.write(`    ${dim('default sign-in option')} ${DEFAULT_OPTIONS[o].label} (${o})\n`);
    }
  }
  for (const f of loaded.failed) out.write(`\n  ${red(FAIL)} ${bold(f.file)} ${describeFailure(f)}\n`);
  const notRun = broken ? ` | ${red(`${plural(loaded.failed.length, 'file')} did not load`)}${internal.length ? `, ${red(`${plural(internal.length, 'internal error')}`)}` : ''}` : '';
  out.write(`\n Scenarios  ${failed ? red(`${failed} failed`) + ' | ' : ''}${green(`${results.length - failed} passed`)} (${results.length})${notRun}\n`);
  await out.end();
  return code;
}

function jsonEntry(e: Entry) {
  switch (e.kind) {
    case 'result': return jsonResult(e.result);
    case 'unloadable': return { file: e.file, id: null, ok: false, error: describeFailure(e.failure), diagnostics: e.failure.errors };
    case 'internal': return { file: e.file, id: e.error.scenario, ok: false, error: `internal error: ${e.error.message}` };
  }
}

function jsonResult(r: ScenarioResult) {
  return {
    file: r.file, id: r.id, flow: r.flow, profile: r.profile, ok: r.ok,
    decision: r.decision,
    rollback: r.rollback,
    run: r.run && {
      outcome: r.run.outcome, state: r.run.state, default: r.run.defaultOption, listed: r.run.listed,
      trace: r.run.trace.map((t) => ({
        event: t.event, ...(t.passed.length ? { passed: t.passed } : {}), state: t.state, ...(t.refused ? { refused: true } : {}),
        ...(t.screen ? { screen: t.screen } : {}), ...(t.choices ? { choices: t.choices } : {}), ...(t.listed ? { listed: t.listed } : {}),
        audit: t.audit.map(formatAuditRow),
      })),
      failures: r.run.failures.map((f) => ({ step: f.step, kind: f.kind, message: f.message, ...(f.refusal ? { refusal: { guard: f.refusal.guard, rules: f.refusal.rules, text: f.refusal.text } } : {}) })),
    },
    checks: r.checks,
  };
}

const COMPARED = ['interrupted', 'trigger', 'wizard', 'gate', 'offered', 'choices', 'required', 'skippable', 'url'] as const;

/** `--profile both`: the documented and the observed decision side by side, differences marked. */
async function compareProfiles(scenarios: Array<{ file: string; scenario: ExpandedScenario }>, failedFiles: readonly FileFailure[], json: boolean): Promise<number> {
  const internal: InternalError[] = [];
  const compared = scenarios.flatMap(({ file, scenario }) => {
    const r = attempt(file, scenario.id, () => {
      const [observed, documented] = PROFILES.map((profile) => evaluate({ ...scenario, profile }));
      const fields = COMPARED.map((f) => ({ field: f, observed: observed![f], documented: documented![f], differs: JSON.stringify(observed![f]) !== JSON.stringify(documented![f]) }));
      return { file, id: scenario.id, differs: fields.some((f) => f.differs), fields };
    });
    if (!r.ok) internal.push(r.error);
    return r.ok ? [r.value] : [];
  });
  for (const e of internal) process.stderr.write(`${formatInternalError(e)}\n`);
  const code = failedFiles.length || internal.length ? 2 : 0;
  const out = Output.toStream(process.stdout);
  if (json) {
    const failed = [
      ...failedFiles.map((f) => ({ file: f.file, id: null, error: describeFailure(f), diagnostics: f.errors })),
      ...internal.map((e) => ({ file: e.file, id: e.scenario, error: `internal error: ${e.message}` })),
    ];
    out.write(`${JSON.stringify({ scenarios: compared, ...(failed.length ? { failed } : {}) }, null, 2)}\n`);
    await out.end();
    return code;
  }
  for (const s of compared) {
    out.write(`\n${s.differs ? yellow('≠') : green('=')} ${bold(s.id)} ${dim(s.file)}\n`);
    const rows = [['', 'field', 'observed (tenant, 2025)', 'documented (Microsoft Learn)'].map((h) => dim(h))];
    for (const f of s.fields) rows.push([f.differs ? yellow('≠') : ' ', f.field, show(f.observed), show(f.documented)]);
    out.write(`${table(rows)}\n`);
  }
  for (const f of failedFiles) out.write(`\n  ${red(FAIL)} ${bold(f.file)} ${describeFailure(f)}\n`);
  const n = compared.filter((s) => s.differs).length;
  out.write(`\n ${n} of ${compared.length} scenarios behave differently from the documentation\n`);
  await out.end();
  return code;
}
