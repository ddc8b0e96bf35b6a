/**
 * What the invariants read off a state graph, in the domain's words: the
 * context a flow keeps (wizard, Security info page, audit log), the step an
 * edge really takes from its node's snapshot, the methods a step saved, and
 * the policy in force. Pure functions; nothing here decides a rule.
 *
 * Graph nodes are keyed on what a user sees and guards read, never on the
 * audit log, so a node's snapshot is the first one reached with that key and
 * the edge's `to` node may hold a different audit log than the step really
 * produced. Edge checks therefore read a `Step`: the snapshot the event was
 * sent in (`before`) and the one it really produced (`after`), as exploring
 * takes it (`ExploredStep`), or replayed on a graph built by hand (`stepsOf`).
 */
import type { AnyMachineSnapshot } from 'xstate';
import { methodRegistered, type AuditRow } from '../domain/audit.ts';
import type { DefaultOptionId } from '../domain/defaultOptions.ts';
import { directoryTenant, registrationSteps, tenantLater, type DirectoryPage, type SecurityInfo } from '../domain/manage.ts';
import { METHOD_IDS, type MethodId } from '../domain/methods.ts';
import { effectiveTenant, type Decision } from '../domain/policy.ts';
import { methodsHeld } from '../domain/rollback.ts';
import { inertScope, type GraphEdge, type GraphNode, type StateGraph } from '../paths/graph.ts';
import type { AuthenticationMethodsPolicy, RegisteredMethod, Scenario } from '../scenario/schema.ts';
import { auditLogOf } from '../simulate/auditLog.ts';

// ─── context ────────────────────────────────────────────────────────────────

/** The registration wizard's progress (machines/context.ts `WizardContext`). */
export interface WizardFacts {
  decision: Decision;
  held: readonly RegisteredMethod[];
  registered: readonly MethodId[];
}

/** The union of what the machines keep in context; each flow has a subset. */
export interface FlowContext {
  scenario: Scenario;
  current?: MethodId | null;
  /** Manage mode: the default sign-in option being saved (MNG-05). */
  option?: DefaultOptionId | null;
  audit?: readonly AuditRow[];
  wizard?: WizardFacts;
  page?: SecurityInfo;
  /** b2bMfaTrust: whose wizard `wizard` holds. */
  shown?: 'home' | 'resource' | null;
}

export const ctxOf = (s: AnyMachineSnapshot): FlowContext => s.context as FlowContext;

const segments = new Map<string, string[]>();
/** `wizard.setup.email.enterCode` → its segments (asked of every state by several invariants, so remembered). */
export const segmentsOf = (state: string): string[] => {
  let s = segments.get(state);
  if (!s) segments.set(state, (s = state.split('.')));
  return s;
};
export const hasSegment = (state: string, segment: string): boolean => segmentsOf(state).includes(segment);
export const lastSegment = (state: string): string => segmentsOf(state).at(-1) ?? '';

/** The registration wizard (INT-*, STR-*) is on screen: `wizard.*`, `home.wizard.*`, `resource.wizard.*`. */
export const inWizard = (node: Pick<GraphNode, 'state' | 'snapshot'>): boolean =>
  hasSegment(node.state, 'wizard') && ctxOf(node.snapshot).wizard !== undefined;

/** A wizard state where a method is being set up (`*.wizard.setup.*`). */
export const inWizardSetup = (node: Pick<GraphNode, 'state' | 'snapshot'>): boolean => {
  const s = segmentsOf(node.state);
  const w = s.indexOf('wizard');
  return w >= 0 && s[w + 1] === 'setup' && ctxOf(node.snapshot).wizard !== undefined;
};

/** The event label of an edge, without its payload. */
export const eventType = (edge: Pick<GraphEdge, 'event'>): string => edge.event.type;

// ─── methods held ───────────────────────────────────────────────────────────

// Methods held and usable are the domain's (MTH-06): the invariants read them from here as before.
export { isVirtual, methodOf, usableHeld } from '../domain/policy.ts';

/** Everything a user holds in the tenant whose security info a node shows, virtual numbers included. */
export function heldAt(scenario: Scenario, snapshot: AnyMachineSnapshot): readonly RegisteredMethod[] {
  return ctxOf(snapshot).wizard?.held ?? methodsHeld(scenario.user);
}

const countsOfPage = new WeakMap<DirectoryPage, ReadonlyMap<MethodId, number>>();
const NO_COUNTS: ReadonlyMap<MethodId, number> = new Map();

/** One directory's counts, method → registrations (pages are never changed in place: each is counted once). */
export function counts(page: DirectoryPage | null | undefined): ReadonlyMap<MethodId, number> {
  if (!page) return NO_COUNTS;
  let c = countsOfPage.get(page);
  if (!c) countsOfPage.set(page, (c = new Map(page.methods.map((h) => [h.method, h.count]))));
  return c;
}

export const DIRECTORIES = ['resource', 'home'] as const;

/**
 * `f`, remembered for the last two objects it was asked of: several
 * invariants ask the same of one step, one after the other, and the answer
 * depends on those two objects only (never changed in place).
 */
function lastOf<A extends object, B extends object, X extends unknown[], R>(f: (a: A, b: B, ...x: X) => R): (a: A, b: B, ...x: X) => R {
  let seen: { a: A; b: B; r: R } | null = null;
  return (a, b, ...x) => {
    if (seen === null || seen.a !== a || seen.b !== b) seen = { a, b, r: f(a, b, ...x) };
    return seen.r;
  };
}

/**
 * Per directory and method: registrations added (positive) or deleted
 * (negative), as steps of the page's count (none, one, several, maximum;
 * MTH-02, MNG-04) — only non-zero entries.
 */
export type PageChange = { directory: 'resource' | 'home'; method: MethodId; delta: number };
const NO_CHANGE: readonly PageChange[] = [];
const changesOnce = lastOf(changesOf);

export function pageDiff(before: SecurityInfo, after: SecurityInfo): readonly PageChange[] {
  // Updates make new pages: the same page did not change (most steps).
  return before === after ? NO_CHANGE : changesOnce(before, after);
}

function changesOf(before: SecurityInfo, after: SecurityInfo): readonly PageChange[] {
  let out: PageChange[] | null = null;
  for (const directory of DIRECTORIES) {
    if (before[directory] === after[directory]) continue;
    const b = counts(before[directory]);
    const a = counts(after[directory]);
    for (const method of b.keys()) out = withChange(out, directory, method, b, a);
    for (const method of a.keys()) if (!b.has(method)) out = withChange(out, directory, method, b, a);
  }
  return out ?? NO_CHANGE;
}

/** `out` with `method`'s change from `b` to `a`, if its count moved a step (made on the first change). */
function withChange(
  out: PageChange[] | null, directory: PageChange['directory'], method: MethodId,
  b: ReadonlyMap<MethodId, number>, a: ReadonlyMap<MethodId, number>,
): PageChange[] | null {
  const delta = registrationSteps(method, a.get(method) ?? 0) - registrationSteps(method, b.get(method) ?? 0);
  if (delta !== 0) (out ??= []).push({ directory, method, delta });
  return out;
}

// ─── policy in force ────────────────────────────────────────────────────────

/**
 * MTH-01, GATE-04: the Authentication methods policy the wizard's tenant has
 * in force — the home tenant's own (B2B-03) or the resource tenant's as the
 * user sees it (the previous policy until the change propagates).
 */
export function wizardMethodsPolicy(scenario: Scenario, c: FlowContext): AuthenticationMethodsPolicy {
  if (c.shown === 'home' && scenario.user.home) return scenario.user.home.authenticationMethods;
  return effectiveTenant(scenario.tenant).tenant.authenticationMethods;
}

/** MTH-01, GATE-04, MNG-06: the policy the Security info page's directory has in force at its simulated time. */
export function pageMethodsPolicy(scenario: Scenario, page: SecurityInfo): AuthenticationMethodsPolicy {
  return effectiveTenant(tenantLater(directoryTenant(scenario, page.directory), page.minutesElapsed)).tenant.authenticationMethods;
}

// ─── steps: an edge replayed ────────────────────────────────────────────────

/** An edge with the snapshots it really goes between. */
export interface Step {
  edge: GraphEdge;
  from: GraphNode;
  to: GraphNode;
  before: AnyMachineSnapshot;
  /** The snapshot the event produces from `before` (same key as `to`, its own audit log). */
  after: AnyMachineSnapshot;
}

/**
 * Replays every edge of a graph from its source node's snapshot: for a graph
 * built some other way (by hand, in tests). `regsim check` checks each step
 * as exploring takes it, with nothing to replay.
 */
export function stepsOf(g: StateGraph): Step[] {
  const scope = inertScope();
  return g.edges.map((edge) => {
    const from = g.nodes[edge.from]!;
    const before = from.snapshot;
    const after = g.machine.transition(before, edge.event, scope) as AnyMachineSnapshot;
    return { edge, from, to: g.nodes[edge.to]!, before, after };
  });
}

/**
 * What path properties read of a step, kept for the whole graph: the edge,
 * its nodes, the source snapshot and what the step saved — not the snapshot
 * it produced, which would keep one more snapshot alive per transition.
 */
export interface GraphStep extends Omit<Step, 'after'> {
  saved: ReadonlySet<MethodId>;
}

const NOTHING_SAVED: ReadonlySet<MethodId> = new Set();

export function graphStepOf(step: Step): GraphStep {
  // Most steps save nothing and write no AUD-03 row: they share one empty set.
  const nothing = savedMethods(step).length === 0 && !newRows(step).some((r) => r.rule === 'AUD-03');
  return { edge: step.edge, from: step.from, to: step.to, before: step.before, saved: nothing ? NOTHING_SAVED : savedOrAudited(step) };
}

/** Audit rows a step wrote. */
export const newRows = (step: Pick<Step, 'before' | 'after'>): readonly AuditRow[] => {
  const [before, after] = [auditLogOf(step.before), auditLogOf(step.after)];
  return after === before || after.length === before.length ? NO_ROWS : after.slice(before.length);
};
const NO_ROWS: readonly AuditRow[] = [];

/**
 * Methods a step saved, from what changed — the wizard's registered list, the
 * Security info page's counts, the standalone passkey ceremony's outcome —
 * never from the audit log, which is what the audit invariant checks.
 */
// What a step saved depends on its two snapshots only (its `to` node is the one `after`'s key names).
const savedOnce = lastOf((_b: AnyMachineSnapshot, _a: AnyMachineSnapshot, step: Pick<Step, 'before' | 'after' | 'to'>) => methodsSaved(step));

export const savedMethods = (step: Pick<Step, 'before' | 'after' | 'to'>): readonly MethodId[] => savedOnce(step.before, step.after, step);

const NONE_SAVED: readonly MethodId[] = [];

function methodsSaved(step: Pick<Step, 'before' | 'after' | 'to'>): readonly MethodId[] {
  const b = ctxOf(step.before);
  const a = ctxOf(step.after);
  // Most steps save nothing: they share one empty list. Every step asks, so no closure is made here (tsx also names each one).
  let out: MethodId[] | null = null;
  if (b.wizard && a.wizard && b.shown === a.shown) {
    const before = b.wizard.registered;
    const after = a.wizard.registered;
    for (let i = before.length; i < after.length; i++) (out ??= []).push(after[i]!);
  }
  if (b.page && a.page) {
    for (const d of pageDiff(b.page, a.page)) for (let i = 0; i < d.delta; i++) (out ??= []).push(d.method);
  }
  // The standalone ceremony keeps no list: its `registered` outcome is the save.
  if (step.after.machine?.id === 'passkey' && step.after.status === 'done' && lastSegment(step.to.state) === 'registered') (out ??= []).push('fido2');
  return out ?? NONE_SAVED;
}

/** AUD-03 rows by reason → the method they name. */
const REGISTERED_BY_REASON = new Map(METHOD_IDS.map((m) => [methodRegistered(m).reason, m]));

/** Methods a step saved, or wrote an AUD-03 row for: what PK and MTH-06 look at. */
export function savedOrAudited(step: Pick<Step, 'before' | 'after' | 'to'>): Set<MethodId> {
  const out = new Set(savedMethods(step));
  for (const r of newRows(step)) {
    const m = r.rule === 'AUD-03' ? REGISTERED_BY_REASON.get(r.reason) : undefined;
    if (m) out.add(m);
  }
  return out;
}

// ─── reachability ───────────────────────────────────────────────────────────

/** BFS parents over the edges `use` admits, from several sources; `null` marks a source. */
export function bfsFrom(g: StateGraph, sources: Iterable<number>, use: (e: GraphEdge) => boolean = () => true): Array<GraphEdge | null | undefined> {
  const via: Array<GraphEdge | null | undefined> = new Array(g.nodes.length);
  const queue: number[] = [];
  for (const s of sources) if (via[s] === undefined) { via[s] = null; queue.push(s); }
  for (let head = 0; head < queue.length; head++) {
    for (const e of g.out[queue[head]!]!) {
      if (via[e.to] !== undefined || !use(e)) continue;
      via[e.to] = e;
      queue.push(e.to);
    }
  }
  return via;
}

/** The edges from a source to `to` along BFS parents (`bfsFrom`, `bfs`): empty for a source, null if unreached. */
export { pathTo as edgesTo } from '../paths/cover.ts';

/** Nodes from which some final node is reachable. */
export function canReachFinal(g: StateGraph): boolean[] {
  // The edges into each node, as one array cut into runs (start[n]..start[n+1]): no list per node.
  const n = g.nodes.length;
  const start = new Int32Array(n + 1);
  for (const e of g.edges) start[e.to + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const from = new Int32Array(g.edges.length);
  const fill = start.slice(0, n);
  for (const e of g.edges) from[fill[e.to]!++] = e.from;
  const ok = g.nodes.map((x) => x.final);
  const queue = g.nodes.filter((x) => x.final).map((x) => x.index);
  for (let head = 0; head < queue.length; head++) {
    const to = queue[head]!;
    for (let k = start[to]!; k < start[to + 1]!; k++) {
      const f = from[k]!;
      if (!ok[f]) { ok[f] = true; queue.push(f); }
    }
  }
  return ok;
}
