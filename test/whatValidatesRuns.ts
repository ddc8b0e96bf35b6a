/**
 * "What validates, runs": scenario files generated near the schema (mostly
 * valid, sometimes with a wrong type, an unknown field, a bad value or a
 * missing field), each either rejected by the loader with positioned
 * diagnostics, or run through everything a user can run on it — `run`,
 * `paths --count`, `check` and a scripted inspector session — with no
 * internal error. Shared by the property test files, which split the
 * seeded runs between vitest's workers.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { checkScenario } from '../src/check/checker.ts';
import { evaluateScenario } from '../src/cli/run.ts';
import { METHOD_IDS } from '../src/domain/methods.ts';
import { InspectorSession } from '../src/inspect/session.ts';
import { CRITERIA } from '../src/paths/cover.ts';
import { countPaths, planOfGraph } from '../src/paths/generate.ts';
import { GraphTooLarge, type StateGraph } from '../src/paths/graph.ts';
import { formatDiagnostic } from '../src/scenario/diagnostics.ts';
import { parseScenarioText } from '../src/scenario/load.ts';
import type { ExpandedScenario } from '../src/scenario/matrix.ts';
import { ADMIN_ROLES, CLIENT_APPS, CLIENT_OS, FLOWS } from '../src/scenario/schema.ts';
import { checkAgainstMachines } from '../src/simulate/machineChecks.ts';
import { PLAIN_EVENT_TYPES } from '../machines/events.ts';
import { DEFAULT_OPTION_IDS } from '../src/domain/defaultOptions.ts';

/** Small graphs keep a run short; a larger one is refused (GraphTooLarge), which is a clear answer too. */
const MAX_STATES = 1500;

const some = <T>(xs: readonly T[]) => fc.subarray([...xs]);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
/** Absent four times in five. */
const rarely = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
/** A method id, now and then one that is not. */
const method = fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...METHOD_IDS) }, { weight: 1, arbitrary: fc.constantFrom('emial', 'phone', '') });
/** Mostly `good`, once in a while `bad`. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ weight: 15, arbitrary: good }, { weight: 1, arbitrary: bad });

const authenticationMethods = fc.record({
  enabled: some(METHOD_IDS),
  voiceCalls: maybe(fc.boolean()),
  sms: maybe(fc.boolean()),
  passkey: maybe(fc.record({ selfServiceSetup: maybe(fc.boolean()) }, { requiredKeys: [] })),
}, { requiredKeys: ['enabled'] });

const sspr = fc.record({
  enabledFor: fc.constantFrom('none', 'selected', 'all'),
  methodsRequired: mostly(fc.constantFrom(1, 2), fc.constant(3)),
  methods: maybe(some(METHOD_IDS)),
  requireRegistration: fc.boolean(),
  reconfirmDays: mostly(fc.constantFrom(0, 90, 180), fc.constant(-1)),
}, { requiredKeys: [] });

const conditionalAccess = fc.array(fc.record({
  name: fc.constantFrom('p1', 'p2', 'guests'),
  users: maybe(fc.constantFrom('all', 'members', 'guests')),
  target: maybe(fc.constantFrom('allResources', 'registerSecurityInfo')),
  grant: fc.oneof(fc.constantFrom('mfa', 'block'), fc.record({ authenticationStrength: fc.constantFrom('multifactor', 'passwordless', 'phishingResistant') })),
  exceptTrustedLocations: rarely(fc.boolean()),
  enabled: rarely(fc.boolean()),
}, { requiredKeys: ['name', 'grant'] }), { maxLength: 3 });

const tenantCore = {
  authenticationMethods,
  sspr: maybe(sspr),
  mfaRegistration: maybe(fc.record({ identityProtection: fc.boolean() })),
  conditionalAccess: conditionalAccess,
  crossTenant: fc.record({ trustMfa: fc.boolean() }),
  combinedRegistration: rarely(fc.boolean()),
};

const held = fc.uniqueArray(fc.oneof(
  { weight: 3, arbitrary: method },
  { weight: 1, arbitrary: fc.record({ method, count: rarely(fc.constantFrom(2, 6)), virtual: rarely(fc.boolean()), passwordless: rarely(fc.boolean()) }, { requiredKeys: ['method'] }) },
), { maxLength: 3, selector: (h) => (typeof h === 'string' ? h : h.method) });

const tenant = fc.record({
  ...tenantCore,
  propagation: rarely(fc.record({
    changedMinutesAgo: fc.constantFrom(0, 20, 90),
    windowMinutes: maybe(fc.constantFrom(60, 120)),
    previous: fc.record({ authenticationMethods: maybe(authenticationMethods), sspr: maybe(sspr), conditionalAccess: maybe(conditionalAccess) }, { requiredKeys: [] }),
  })),
}, { requiredKeys: ['authenticationMethods'] });

const user = fc.record({
  type: fc.constantFrom('member', 'guest'),
  adminRole: fc.constantFrom('none', 'none', ...ADMIN_ROLES.slice(1, 3)),
  inSsprGroup: fc.boolean(),
  businessPhone: fc.constantFrom(null, '+1 425 555 0100'),
  perUserMfa: fc.constantFrom('disabled', 'enabled', 'enforced'),
  methods: held,
  defaultMethod: rarely(fc.oneof(fc.constant(null), method, fc.constantFrom(...DEFAULT_OPTION_IDS))),
  tap: fc.boolean(),
  lastReviewedDaysAgo: fc.constantFrom(null, 10, 200),
  homeMfaClaim: mostly<boolean | string>(fc.boolean(), method),
  rolledBack: fc.boolean(),
  home: maybe(fc.record({ ...tenantCore, methods: held, tap: fc.boolean() }, { requiredKeys: ['authenticationMethods'] })),
}, { requiredKeys: ['type', 'methods'] });

const step = fc.oneof(
  fc.constantFrom(...PLAIN_EVENT_TYPES),
  fc.record({ send: fc.constantFrom('SELECT_METHOD', 'CHANGE', 'DELETE'), method: maybe(method) }, { requiredKeys: ['send'] }),
  // Manage mode's Change default names a sign-in option (MTH-04); now and then a step marked refused.
  fc.record({ send: fc.constant('SELECT_DEFAULT'), option: maybe(fc.constantFrom(...DEFAULT_OPTION_IDS)), refused: rarely(fc.boolean()) }, { requiredKeys: ['send'] }),
);

const scenario = fc.record({
  name: fc.constantFrom('generated', 'another one'),
  flow: mostly(fc.constantFrom(...FLOWS), fc.constant('interupt')),
  profile: maybe(fc.constantFrom('observed', 'documented')),
  tenant,
  user,
  client: maybe(fc.record({ app: fc.constantFrom(...CLIENT_APPS), os: fc.constantFrom(...CLIENT_OS), privateWindow: fc.boolean() }, { requiredKeys: [] })),
  location: maybe(fc.constantFrom('trusted', 'untrusted')),
  matrix: rarely(fc.oneof(
    fc.record({ 'client.app': fc.subarray([...CLIENT_APPS], { minLength: 1, maxLength: 2 }) }),
    fc.record({ profile: fc.constant(['observed', 'documented']) }),
  )),
  steps: maybe(fc.array(step, { maxLength: 3 })),
}, { requiredKeys: ['name', 'tenant'] });

/** What "near the schema" adds: one field of the document replaced, removed or joined by a stranger. */
const mutation = fc.oneof(
  { weight: 12, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown' as const), key: fc.constantFrom('tenat', 'constructor', 'extra') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrongType' as const), value: fc.constantFrom(42, 'yes', [], {}, null) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const) }) },
);

type Mutation = { kind: 'unknown'; key: string } | { kind: 'wrongType'; value: unknown } | { kind: 'drop' } | null;

/** Applies `m` at a field picked by `at` (a fraction over the document's fields, depth first). */
function mutate(doc: Record<string, unknown>, m: Mutation, at: number): Record<string, unknown> {
  if (m === null) return doc;
  const copy = structuredClone(doc);
  const fields: Array<[Record<string, unknown>, string]> = [];
  const walk = (o: unknown) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return;
    for (const k of Object.keys(o)) { fields.push([o as Record<string, unknown>, k]); walk((o as Record<string, unknown>)[k]); }
  };
  walk(copy);
  const [owner, key] = fields[Math.floor(at * fields.length)] ?? [copy, 'name'];
  if (m.kind === 'unknown') owner[m.key] = true;
  else if (m.kind === 'wrongType') owner[key] = m.value;
  else delete owner[key];
  return copy;
}

export const generatedFile = fc.tuple(scenario, mutation, fc.double({ min: 0, max: 0.999, noNaN: true }))
  .map(([doc, m, at]) => stringify(mutate(doc as Record<string, unknown>, m as Mutation, at)));

export interface Outcome {
  rejected: boolean;
  variants: number;
  explored: number;
}

/**
 * Loads `text` as `regsim` does, then runs every command a user could on
 * each variant. Throws, with the file, when anything fails that is not a
 * clear answer: an unpositioned diagnostic, or an error out of a command.
 */
export function exercise(text: string): Outcome {
  const file = 'generated.yaml';
  const r = parseScenarioText(text, file);
  const errors = r.ok ? r.variants.flatMap((v) => checkAgainstMachines(v, file, r.locate)) : r.errors.filter((d) => d.severity === 'error');
  if (!r.ok || errors.length) {
    for (const d of errors) {
      if (!(d.line >= 1 && d.col >= 1 && d.message.length > 0 && d.file === file)) throw new Error(`an unpositioned diagnostic: ${formatDiagnostic(d)}\n${text}`);
    }
    if (errors.length === 0) throw new Error(`rejected without an error\n${text}`);
    return { rejected: true, variants: 0, explored: 0 };
  }
  let explored = 0;
  for (const v of r.variants) {
    try {
      explored += runEverything(file, v);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nin variant ${v.id} of:\n${text}`, { cause: e });
    }
  }
  return { rejected: false, variants: r.variants.length, explored };
}

/** `run`, `paths --count`, `check` and an inspector session on one variant; the states explored. */
function runEverything(file: string, v: ExpandedScenario): number {
  evaluateScenario(file, v);
  let explored = 0;
  try {
    // `check` explores the graph once; the paths are counted on the same graph.
    let graph: StateGraph | undefined;
    checkScenario(file, v, { maxStates: MAX_STATES, onGraph: (g) => { graph = g; } });
    const plan = planOfGraph(v, graph!);
    explored = plan.graph.nodes.length;
    for (const criterion of CRITERIA) countPaths(plan, { criterion, random: { seed: 1, until: 'transitions' } }, 2000);
  } catch (e) {
    if (!(e instanceof GraphTooLarge)) throw e;
  }
  const session = new InspectorSession(file, v);
  try {
    // A few clicks, alternating the first and the last event offered, then Undo and Reset.
    for (let i = 0; i < 6; i++) {
      const possible = session.state().possible;
      if (possible.length === 0) break;
      session.send(possible[i % 2 ? possible.length - 1 : 0]!.event);
    }
    session.undo();
    if (session.state().status === 'error') throw new Error(`the inspector session failed: ${session.state().error}`);
    session.reset();
  } finally {
    session.stop();
  }
  return explored;
}

/**
 * The property, for one seed: every file is rejected at file:line:col or runs
 * everywhere, and the generator stays near the schema (both halves happen).
 */
export function checkWhatValidatesRuns(seed: number, runs: number): void {
  let rejected = 0;
  let ran = 0;
  fc.assert(fc.property(generatedFile, (text) => {
    if (exercise(text).rejected) rejected++;
    else ran++;
  }), { seed, numRuns: runs });
  expect(ran).toBeGreaterThan(runs * 0.3);
  expect(rejected).toBeGreaterThan(runs * 0.1);
}
