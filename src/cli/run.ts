/**
 * `regsim run`: evaluate every scenario, walk its steps, check `expect`.
 * Exit 0 when every expectation holds, 1 when one fails, 2 on bad input.
 */
import { formatAuditRow } from '../domain/audit.ts';
import { evaluate, type Decision } from '../domain/policy.ts';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';
import { PROFILES, type Profile, type Scenario } from '../scenario/schema.ts';
import { addList } from '../domain/manage.ts';
import { ceremonyBehaviour } from '../domain/passkey.ts';
import { refreshEntry, reviewList } from '../domain/refresh.ts';
import { checkExpectations, decisionFor, type Check } from '../simulate/expectations.ts';
import { runScenario, type Run } from '../simulate/runner.ts';
import { loadAll } from './loadAll.ts';
import { FAIL, PASS, UsageError, bold, dim, green, red, scenarioLabel, show, table, yellow } from './output.ts';

export interface RunOptions {
  json: boolean;
  profile: Profile | 'both' | undefined;
  verbose: boolean;
}

export interface ScenarioResult {
  scenario: ExpandedScenario;
  file: string;
  id: string;
  flow: string;
  profile: Profile;
  decision: Omit<Decision, 'sspr'> & { sspr: Decision['sspr'] };
  run: Run | null;
  checks: Check[];
  ok: boolean;
}

export function evaluateScenario(file: string, s: ExpandedScenario): ScenarioResult {
  const e = s.expect;
  const run = s.steps.length > 0 || [e.final, e.audit, e.visits, e.screens].some((x) => x !== undefined) ? runScenario(s) : null;
  const checks = checkExpectations(s, run);
  return { scenario: s, file, id: s.id, flow: s.flow, profile: s.profile, decision: decisionFor(s), run, checks, ok: checks.every((c) => c.ok) };
}

/** What the table shows of a flow: its decision in a few words and the methods it puts first. */
function flowSummary(s: Scenario, d: Decision): { decision: string; methods: readonly string[] } {
  switch (s.flow) {
    case 'manage':
      return { decision: `Security info (gate: ${d.gate})`, methods: addList(s, s.user.methods).addable.map((m) => `+${m}`) };
    case 'ssprRefresh':
      return {
        decision: d.wizard === 'refresh' ? `review due (gate: ${d.gate})` : refreshEntry(s) === 'legacy' ? 'review due (legacy SSPR page)' : 'no review due',
        methods: reviewList(s.user.methods),
      };
    case 'passkey':
      return { decision: `passkey ceremony: ${ceremonyBehaviour(s.client)}`, methods: [] };
    default:
      return { decision: d.interrupted ? `${d.wizard}${d.trigger ? ` (${d.trigger})` : ''}` : 'not interrupted', methods: d.offered };
  }
}

function describeFailure(c: Check): string {
  return `      ${bold(c.field)}\n        ${green(`expected: ${JSON.stringify(c.expected)}`)}\n        ${red(`actual:   ${JSON.stringify(c.actual)}`)}`;
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

export function runCommand(paths: string[], opts: RunOptions): number {
  if (paths.length === 0) throw new UsageError('run needs scenario files or directories, e.g. `regsim run scenarios/`');
  const loaded = loadAll(paths);
  for (const d of [...loaded.errors, ...loaded.warnings]) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (loaded.errors.length) return 2;
  const scenarios = loaded.scenarios
    .filter(({ scenario }) => keepUnderOverride(scenario, opts.profile))
    .map(({ file, scenario }) => ({ file, scenario: opts.profile && opts.profile !== 'both' ? { ...scenario, profile: opts.profile } : scenario }));
  if (opts.profile === 'both') return compareProfiles(scenarios, opts.json);
  const results = scenarios.map(({ file, scenario }) => evaluateScenario(file, scenario));
  const failed = results.filter((r) => !r.ok).length;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ scenarios: results.map(jsonResult), summary: { passed: results.length - failed, failed, total: results.length } }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const rows = [[' ', 'scenario', 'flow', 'decision', 'methods', 'req', 'skip', 'outcome'].map((h) => dim(h))];
  for (const r of results) {
    const summary = flowSummary(r.scenario, r.decision);
    rows.push([
      r.ok ? green(PASS) : red(FAIL), scenarioLabel(r.file, r.id), r.flow, summary.decision, show(summary.methods),
      String(r.decision.required), r.decision.skippable ? 'yes' : 'no', r.run?.outcome ?? (r.run ? `(${r.run.state})` : '—'),
    ]);
  }
  process.stdout.write(`${table(rows)}\n`);
  for (const r of results) {
    if (!r.ok) {
      process.stdout.write(`\n  ${red(FAIL)} ${bold(r.id)} ${dim(r.file)}\n`);
      for (const c of r.checks.filter((x) => !x.ok)) process.stdout.write(`${describeFailure(c)}\n`);
    }
    // One scenario: the user is looking at that walk, so show it without --verbose.
    if ((opts.verbose || results.length === 1) && r.run) {
      process.stdout.write(`\n  ${bold(r.id)}\n`);
      for (const t of r.run.trace) {
        process.stdout.write(`    ${(t.event ?? '(start)').padEnd(30)} → ${t.state}\n`);
        if (t.screen) process.stdout.write(`      ${dim('screen')} "${t.screen}"\n`);
        for (const a of t.audit) process.stdout.write(`      ${dim('audit')} ${formatAuditRow(a)}\n`);
      }
    }
  }
  const summary = `\n Scenarios  ${failed ? red(`${failed} failed`) + ' | ' : ''}${green(`${results.length - failed} passed`)} (${results.length})\n`;
  process.stdout.write(summary);
  return failed ? 1 : 0;
}

function jsonResult(r: ScenarioResult) {
  return {
    file: r.file, id: r.id, flow: r.flow, profile: r.profile, ok: r.ok,
    decision: r.decision,
    run: r.run && { outcome: r.run.outcome, state: r.run.state, trace: r.run.trace.map((t) => ({ event: t.event, state: t.state, ...(t.screen ? { screen: t.screen } : {}), audit: t.audit.map(formatAuditRow) })), failures: r.run.failures },
    checks: r.checks,
  };
}

const COMPARED = ['interrupted', 'trigger', 'wizard', 'gate', 'offered', 'choices', 'required', 'skippable', 'url'] as const;

/** `--profile both`: the documented and the observed decision side by side, differences marked. */
function compareProfiles(scenarios: Array<{ file: string; scenario: ExpandedScenario }>, json: boolean): number {
  const out = scenarios.map(({ file, scenario }) => {
    const [observed, documented] = PROFILES.map((profile) => evaluate({ ...scenario, profile }));
    const fields = COMPARED.map((f) => ({ field: f, observed: observed![f], documented: documented![f], differs: JSON.stringify(observed![f]) !== JSON.stringify(documented![f]) }));
    return { file, id: scenario.id, differs: fields.some((f) => f.differs), fields };
  });
  if (json) {
    process.stdout.write(`${JSON.stringify({ scenarios: out }, null, 2)}\n`);
    return 0;
  }
  for (const s of out) {
    process.stdout.write(`\n${s.differs ? yellow('≠') : green('=')} ${bold(s.id)} ${dim(s.file)}\n`);
    const rows = [['', 'field', 'observed (tenant, 2025)', 'documented (Microsoft Learn)'].map((h) => dim(h))];
    for (const f of s.fields) rows.push([f.differs ? yellow('≠') : ' ', f.field, show(f.observed), show(f.documented)]);
    process.stdout.write(`${table(rows)}\n`);
  }
  const n = out.filter((s) => s.differs).length;
  process.stdout.write(`\n ${n} of ${out.length} scenarios behave differently from the documentation\n`);
  return 0;
}
