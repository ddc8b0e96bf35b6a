/**
 * The invariants `regsim check` proves over every reachable state and
 * transition of a scenario: each a small pure predicate, with an id and the
 * DOMAIN rules it enforces. A predicate returns `null` when the invariant
 * holds, else one sentence saying what is wrong.
 *
 * - node predicates see one reachable state (its first-reached snapshot);
 * - edge predicates see one transition replayed from its source snapshot
 *   (`Step`: before and after), so audit rows are the ones it wrote;
 * - graph predicates are path properties (reachability) and return their
 *   own counterexample paths.
 *
 * The checks restate the rules from DOMAIN.md independently of the policy
 * engine where they can (methods catalogue, client, scenario settings), so a
 * bug in `src/domain` shows up as well as one in `machines/`.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import * as audit from '../domain/audit.ts';
import { AUTH_METHOD_BITS } from '../domain/authMethods.ts';
import { hasAdministratorPolicy, modesHeld } from '../domain/policy.ts';
import { DEFAULT_OPTIONS, type DefaultOptionId } from '../domain/defaultOptions.ts';
import type { DirectoryPage } from '../domain/manage.ts';
import { METHODS, isMfaMethod, isSsprOnly, type MethodId } from '../domain/methods.ts';
import type { RuleId } from '../domain/rules.ts';
import type { GraphNode, StateGraph } from '../paths/graph.ts';
import type { Scenario } from '../scenario/schema.ts';
import { auditLogOf } from '../simulate/auditLog.ts';
import {
  DIRECTORIES, bfsFrom, canReachFinal, counts, ctxOf, edgesTo, eventType, hasSegment, heldAt, inWizard, inWizardSetup,
  isVirtual, lastSegment, methodOf, newRows, pageDiff, pageMethodsPolicy, savedMethods, savedOrAudited,
  segmentsOf, usableHeld, wizardMethodsPolicy, type GraphStep, type Step,
} from './facts.ts';

export type NodePredicate = (scenario: Scenario, node: GraphNode, graph: StateGraph) => string | null;
export type EdgePredicate = (scenario: Scenario, step: Step, graph: StateGraph) => string | null;

/** A counterexample a graph predicate found: where, and the edges from the initial state that reach it. */
export interface Finding {
  message: string;
  /** The node the violation shows at. */
  node: number;
  /** Edge indices from the initial state; the checker uses the shortest path when absent. */
  path?: number[];
}
export type GraphPredicate = (scenario: Scenario, graph: StateGraph, steps: readonly GraphStep[]) => Finding[];

interface Base { id: string; rules: readonly RuleId[]; description: string }
export type Invariant =
  | (Base & { kind: 'node'; check: NodePredicate })
  | (Base & { kind: 'edge'; check: EdgePredicate })
  | (Base & {
    kind: 'graph'; check: GraphPredicate;
    /** The steps it reads (default none): only those are kept while a graph is explored. */
    steps?: (step: Step) => boolean;
  });

const AUD: RuleId[] = ['AUD-01', 'AUD-02', 'AUD-03', 'AUD-04', 'AUD-05', 'AUD-06', 'AUD-07', 'AUD-08', 'AUD-09'];
const list = (xs: readonly unknown[]): string => (xs.length ? xs.join(', ') : 'none');

// ─── the wizard (INT, STR) ──────────────────────────────────────────────────

/**
 * MTH-01, INT-07, INT-08: the method set up is enabled in the policy in force,
 * one of the decision's choices, not held yet (a virtual number is not held, MTH-06).
 */
export const wizardMethodAllowed: NodePredicate = (scenario, node) => {
  if (!inWizard(node)) return null;
  const c = ctxOf(node.snapshot);
  const w = c.wizard!;
  const m = c.current ?? null;
  if (m === null) return inWizardSetup(node) ? 'a setup screen is open with no method being set up' : null;
  if (!wizardMethodsPolicy(scenario, c).enabled.includes(m)) return `${m} is set up but the Authentication methods policy in force does not enable it`;
  if (!w.decision.choices.includes(m)) return `${m} is set up but is not among the wizard's choices (${list(w.decision.choices)})`;
  // STR-05 [003]: an Authenticator without phone sign-in may be set up again for a strength that asks for it.
  const forPhoneSignIn = m === 'microsoftAuthenticator' && ((w.decision.authMethods ?? 0) & AUTH_METHOD_BITS.deviceBasedPush) !== 0
    && !modesHeld(w.held).has('deviceBasedPush');
  if (usableHeld(w.held).includes(m) && !forPhoneSignIn) return `${m} is set up although the user already holds it`;
  if (w.registered.includes(m)) return `${m} is set up a second time in the same wizard`;
  return null;
};

/**
 * INT-12, PK-01, the methods table: the sign-in wizard never sets up an
 * alternate phone, app password or admin-provisioned method; an office phone
 * only with the business phone set; FIDO2 only as observed (never as
 * documented) and only with passkey self-service setup on.
 */
export const wizardMethodRegistrable: NodePredicate = (scenario, node) => {
  if (!inWizard(node)) return null;
  const c = ctxOf(node.snapshot);
  const m = c.current ?? null;
  if (m === null) return null;
  const info = METHODS[m];
  if (info.registerInterrupt === 'no') return `${m} is set up in the sign-in wizard, where it can never be registered`;
  if (m === 'officePhone' && !scenario.user.businessPhone) return 'office phone is set up in the sign-in wizard without a business phone';
  if (m === 'fido2') {
    if (scenario.profile === 'documented') return 'a passkey is set up in the sign-in wizard, which the documented profile never offers';
    if (!wizardMethodsPolicy(scenario, c).passkey.selfServiceSetup) return 'a passkey is set up although passkey self-service setup is off';
  }
  return null;
};

/** INT-05: where MFA is needed, the first method set up and registered is an MFA method. */
export const mfaMethodFirst: NodePredicate = (_, node) => {
  if (!inWizard(node)) return null;
  const c = ctxOf(node.snapshot);
  const w = c.wizard!;
  if (!w.decision.mfaNeeded) return null;
  const first = w.registered[0];
  if (first !== undefined && !isMfaMethod(first)) return `MFA is needed but the first method registered is ${first}, not an MFA method`;
  if (w.registered.length === 0 && inWizardSetup(node) && c.current && !isMfaMethod(c.current)) {
    return `MFA is needed but the first method set up is ${c.current}, not an MFA method`;
  }
  return null;
};

/** STR-02: the strength wizard never sets up an SSPR-only method and registers at most one. */
export const strengthOneMfaMethod: NodePredicate = (_, node) => {
  if (!inWizard(node)) return null;
  const c = ctxOf(node.snapshot);
  const w = c.wizard!;
  if (w.decision.wizard !== 'strength') return null;
  if (c.current && isSsprOnly(c.current)) return `the strength wizard sets up ${c.current}, an SSPR-only method`;
  const ssprOnly = w.registered.filter(isSsprOnly);
  if (ssprOnly.length) return `the strength wizard registered ${list(ssprOnly)}, SSPR-only`;
  if (w.registered.length > 1) return `the strength wizard registered ${w.registered.length} methods (${list(w.registered)}); it asks for one`;
  return null;
};

/** INT-03, SSPR-04: SKIP only when only SSPR registration is enforced. */
export const skipOnlyIfSkippable: EdgePredicate = (_, step) => {
  if (eventType(step.edge) !== 'SKIP') return null;
  const w = ctxOf(step.before).wizard;
  if (!w) return 'SKIP is taken outside a registration wizard';
  if (!w.decision.skippable) return 'SKIP is taken although the decision is not skippable';
  const mfaDriven = w.decision.triggers.filter((t) => t !== 'ssprRegistration');
  if (mfaDriven.length || w.decision.mfaNeeded) return `SKIP is taken although registration is enforced by ${list(mfaDriven.length ? mfaDriven : ['MFA'])}, not SSPR alone`;
  return null;
};

/** INT-04, INT-09: finishing the wizard registered the number of methods required, and they satisfy MFA and SSPR. */
export const completeRegistersRequired: EdgePredicate = (_, step) => {
  if (eventType(step.edge) !== 'DONE') return null;
  const s = segmentsOf(step.from.state);
  if (s.at(-1) !== 'review' || s.at(-2) !== 'wizard') return null;
  const w = ctxOf(step.before).wizard!;
  const d = w.decision;
  if (w.registered.length !== d.required) return `the wizard completes with ${plural(w.registered.length, 'method')} registered (${list(w.registered)}); ${d.required} required`;
  if (d.mfaNeeded && !w.registered.some(isMfaMethod)) return `the wizard completes without an MFA method (${list(w.registered)})`;
  // STR-02: the strength wizard ignores SSPR. A tenant that enables too few SSPR methods cannot be satisfied at all.
  if (d.wizard !== 'strength' && d.sspr.enabled) {
    const sspr = (ms: readonly MethodId[]) => new Set(ms.filter((m) => d.sspr.methods.includes(m)));
    const held = usableHeld(w.held);
    const now = sspr([...held, ...w.registered]);
    const possible = sspr([...held, ...d.choices]);
    if (now.size < Math.min(d.sspr.methodsRequired, possible.size)) {
      return `the wizard completes with ${plural(now.size, 'SSPR method')} (${list([...now])}); SSPR requires ${d.sspr.methodsRequired}`;
    }
  }
  return null;
};

/** SSPR-05: administrators never register security questions. */
export const adminNoSecurityQuestions: NodePredicate = (scenario, node) => {
  if (!inWizard(node) || !hasAdministratorPolicy(scenario.user) || scenario.user.type !== 'member') return null;
  const c = ctxOf(node.snapshot);
  if (c.current === 'securityQuestions' || c.wizard!.registered.includes('securityQuestions')) {
    return `${scenario.user.adminRole !== 'none' ? scenario.user.adminRole : 'an administrator'} sets up security questions, which the administrator policy never allows`;
  }
  return null;
};

// ─── audit log (AUD) ────────────────────────────────────────────────────────

/** The rows a step must write, from what it did (AUD-01..09), built with `src/domain/audit.ts`. */
export function expectedRows(step: Step): audit.AuditRow[] {
  const out: audit.AuditRow[] = [];
  const type = eventType(step.edge);
  const from = segmentsOf(step.from.state);
  const leaf = from.at(-1);
  const current = ctxOf(step.before).current ?? null;
  // INT-11, MNG-02, PK-02: each method saved.
  for (const m of savedMethods(step)) out.push(audit.methodRegistered(m));
  if (current !== null && leaf === 'deleting') {
    if (type === 'BACKEND_OK') out.push(audit.methodDeleted(current));
    if (type === 'BACKEND_FAILED') out.push(audit.deleteFailed(current));
  }
  // MNG-05, MTH-04: the rows name the sign-in option being saved.
  const option = ctxOf(step.before).option ?? null;
  if (option !== null && leaf === 'savingDefault') {
    if (type === 'BACKEND_OK') out.push(audit.defaultChanged(option));
    if (type === 'BACKEND_FAILED') out.push(audit.defaultChangeFailed(option));
  }
  // REF-02: "Looks good" saved (or not).
  if (from.length === 1 && leaf === 'saving') {
    if (type === 'BACKEND_OK') out.push(audit.reviewed());
    if (type === 'BACKEND_FAILED') out.push(audit.reviewFailed());
  }
  // INT-10: cancel from the wizard.
  if (type === 'CANCEL' && from.includes('wizard')) out.push(audit.registrationCanceled());
  // INT-09, INT-11: the wizard finished.
  if (type === 'DONE' && leaf === 'review' && from.at(-2) === 'wizard') out.push(audit.registeredAll());
  return out;
}

/** AUD-01..09: the rows a transition writes are exactly those its effect calls for. */
export const auditMatchesTransition: EdgePredicate = (_, step) => {
  const got = newRows(step);
  const want = expectedRows(step);
  if (audit.sameRows(got, want)) return null;
  const show = (rows: readonly audit.AuditRow[]) => (rows.length ? rows.map((r) => `"${audit.formatAuditRow(r)}"`).join(' + ') : 'no row');
  return `${step.edge.label} wrote ${show(got)}; expected ${show(want)}`;
};

/** The audit log only grows: a transition never removes or rewrites a row. */
export const auditAppendOnly: EdgePredicate = (_, step) => {
  const before = auditLogOf(step.before);
  const after = auditLogOf(step.after);
  if (after === before) return null;
  if (after.length < before.length) return `${step.edge.label} shrank the audit log from ${before.length} to ${after.length} rows`;
  const i = before.findIndex((r, k) => !audit.sameRow(r, after[k]!));
  return i < 0 ? null : `${step.edge.label} rewrote audit row ${i + 1}`;
};

// ─── the Security info page (MNG) ───────────────────────────────────────────

/**
 * MNG-02, MTH-01, MTH-02, PK-01, the methods table: the method being added is
 * registrable in manage mode, enabled in the policy in force, under its
 * maximum, with voice calls for an alternate phone, per-user MFA enforced
 * for app passwords, passkey self-service for FIDO2.
 */
export const manageAddAllowed: NodePredicate = (scenario, node) => {
  const c = ctxOf(node.snapshot);
  if (!c.page || !hasSegment(node.state, 'adding')) return null;
  const m = c.current ?? null;
  if (m === null) return 'a method is being added but none is named';
  const info = METHODS[m];
  const policy = pageMethodsPolicy(scenario, c.page);
  if (info.registerManage === 'no') return `${m} is being added, but it is never registered on the Security info page`;
  if (!policy.enabled.includes(m)) return `${m} is being added but the policy in force does not enable it`;
  const page = c.page.directory === 'home' ? c.page.home : c.page.resource;
  const held = counts(page).get(m) ?? 0;
  if (info.max !== null && held >= info.max) return `${m} is being added at its maximum (${held} of ${info.max})`;
  if (info.registerManage === 'ifVoiceCalls' && !policy.voiceCalls) return 'an alternate phone is being added with voice calls disabled';
  if (info.registerManage === 'ifPerUserMfaEnforced' && scenario.user.perUserMfa !== 'enforced') return `an app password is being added for a user whose per-user MFA is ${scenario.user.perUserMfa}`;
  if (m === 'fido2' && !policy.passkey.selfServiceSetup) return 'a passkey is being added with self-service setup off';
  return null;
};

/** MTH-02: a transition never takes a method's count above its maximum. */
export const maxNotExceeded: EdgePredicate = (_, step) => {
  const b = ctxOf(step.before).page;
  const a = ctxOf(step.after).page;
  if (!b || !a || b === a) return null;
  for (const d of DIRECTORIES) {
    if (b[d] === a[d]) continue;
    const was = counts(b[d]);
    for (const [m, now] of counts(a[d])) {
      const max = METHODS[m].max;
      if (max !== null && now > max && now > (was.get(m) ?? 0)) return `${step.edge.label} brings ${m} to ${now} in the ${d} directory; the maximum is ${max}`;
    }
  }
  return null;
};

/**
 * MNG-02, MNG-04, MNG-06: the lists change only by one method added in the
 * directory shown, or one successful delete of the method acted on — never
 * on a failure, a cancel, or switching directory.
 */
export const pageChangesExplained: EdgePredicate = (_, step) => {
  const b = ctxOf(step.before).page;
  const a = ctxOf(step.after).page;
  if (!b || !a) return null;
  const diff = pageDiff(b, a);
  if (diff.length === 0) return null;
  const current = ctxOf(step.before).current ?? null;
  const leaf = lastSegment(step.from.state);
  const describe = diff.map((d) => `${d.method} ${d.delta > 0 ? '+' : ''}${d.delta} (${d.directory})`).join(', ');
  const only = diff.length === 1 ? diff[0]! : null;
  const added = only && only.delta === 1 && only.directory === b.directory && only.method === current && hasSegment(step.from.state, 'adding');
  const deleted = only && only.delta === -1 && only.directory === b.directory && only.method === current && leaf === 'deleting' && eventType(step.edge) === 'BACKEND_OK';
  return added || deleted ? null : `${step.edge.label} from ${step.from.state} changed the lists: ${describe}`;
};

/** MTH-04: some method held in `page` gives the option (the catalogue's `methods`). */
const givenBy = (page: DirectoryPage | null | undefined, o: DefaultOptionId): boolean =>
  DEFAULT_OPTIONS[o].methods.some((m) => counts(page).has(m));

/**
 * MNG-05, MTH-04: the default changes only on a saved change to an option a
 * method held gives, or when the last method giving it is deleted.
 */
export const defaultCapable: EdgePredicate = (_, step) => {
  const b = ctxOf(step.before).page;
  const a = ctxOf(step.after).page;
  if (!b || !a || b === a) return null;
  for (const d of ['resource', 'home'] as const) {
    const was = b[d]?.defaultOption ?? null;
    const now = a[d]?.defaultOption ?? null;
    if (was === now) continue;
    if (now === null) {
      if (lastSegment(step.from.state) === 'deleting' && eventType(step.edge) === 'BACKEND_OK' && !givenBy(a[d], was!)) continue;
      return `${step.edge.label} cleared the default ${was} in the ${d} directory although a method held still gives it`;
    }
    if (!givenBy(a[d], now)) return `${now} became the default in the ${d} directory but no method held there gives it`;
    if (lastSegment(step.from.state) !== 'savingDefault' || eventType(step.edge) !== 'BACKEND_OK') return `the default became ${now} on ${step.edge.label} from ${step.from.state}, not on a saved change`;
  }
  return null;
};

/**
 * MNG-05, MTH-04, MTH-06: "Change default" picks a sign-in option that a
 * method held gives — never email or security questions, never a call or
 * text to a virtual number, never a call without voice calls or a text
 * without text messages — and not the current default.
 */
export const defaultOptionOffered: EdgePredicate = (scenario, step) => {
  if (eventType(step.edge) !== 'SELECT_DEFAULT') return null;
  const page = ctxOf(step.before).page;
  const o = ctxOf(step.after).option ?? null;
  if (!page || o === null) return `${step.edge.label} chose no default option`;
  const shown = page.directory === 'home' ? page.home : page.resource;
  const info = DEFAULT_OPTIONS[o];
  const givers = (shown?.methods ?? []).filter((h) => info.methods.includes(h.method) && !h.virtual);
  if (givers.length === 0) return `${o} is offered as the default but no real (non-virtual) method held gives it`;
  const policy = pageMethodsPolicy(scenario, page);
  if (info.channel === 'voice' && !policy.voiceCalls) return `${o} is offered as the default with voice calls disabled`;
  if (info.channel === 'sms' && !policy.sms) return `${o} is offered as the default with text messages disabled`;
  if (shown?.defaultOption === o) return `${o} is offered as the default but already is`;
  return null;
};

// ─── outcomes ───────────────────────────────────────────────────────────────

/** Final states take no event; every other state takes at least one (PK-03: only the designed `stuck` traps the user). */
export const noDeadEnd: NodePredicate = (_, node, g) => {
  const out = g.out[node.index]!.length;
  if (node.final && out > 0) return `final state ${node.state} still accepts ${g.out[node.index]!.map((e) => e.label).join(', ')}`;
  if (!node.final && out === 0) return `${node.state} is not final but accepts no event: a dead end`;
  return null;
};

/** From every reachable state some outcome is still reachable: no cycle the user can never leave. */
export const outcomeReachable: GraphPredicate = (_, g) => {
  const ok = canReachFinal(g);
  return g.nodes.filter((n) => !ok[n.index] && g.out[n.index]!.length > 0)
    .map((n) => ({ node: n.index, message: `no outcome is reachable from ${n.state}: the user can only go round in circles` }));
};

// ─── phones and passkeys ────────────────────────────────────────────────────

const PHONES: readonly MethodId[] = ['mobilePhone', 'alternateMobilePhone', 'officePhone'];

/**
 * MTH-06: a virtual number is never verified — after ENTER_VIRTUAL_NUMBER the
 * phone being set up is not saved until a real number is entered; and a user
 * whose only MFA-capable methods are virtual phones cannot pass MFA with them.
 */
export const virtualNumberRejected: GraphPredicate = (scenario, g, steps) => {
  const found: Finding[] = [];
  const targets = new Map<MethodId, number[]>();
  const virtualEdge = new Map<number, number>();
  for (const s of steps) {
    if (eventType(s.edge) !== 'ENTER_VIRTUAL_NUMBER') continue;
    const m = ctxOf(s.before).current;
    if (!m) continue;
    targets.set(m, [...(targets.get(m) ?? []), s.edge.to]);
    if (!virtualEdge.has(s.edge.to)) virtualEdge.set(s.edge.to, s.edge.index);
    if (s.saved.has(m)) found.push({ node: s.edge.to, message: `${m} is saved with a virtual number` });
  }
  const prefix = bfsFrom(g, [0]);
  for (const [m, sources] of targets) {
    const via = bfsFrom(g, sources, (e) => eventType(e) !== 'ENTER_NUMBER');
    for (const s of steps) {
      if (via[s.edge.from] === undefined || eventType(s.edge) === 'ENTER_NUMBER' || !s.saved.has(m)) continue;
      const tail = edgesTo(via, s.edge.from)!;
      const start = tail.length ? g.edges[tail[0]!]!.from : s.edge.from;
      const entry = virtualEdge.get(start)!;
      const head = edgesTo(prefix, g.edges[entry]!.from) ?? [];
      found.push({ node: s.edge.to, path: [...head, entry, ...tail, s.edge.index], message: `${m} is saved after a virtual number without a real number being entered` });
    }
  }
  for (const s of steps) {
    if (eventType(s.edge) !== 'MFA_APPROVED') continue;
    const mfa = heldAt(scenario, s.before).filter((r) => isMfaMethod(methodOf(r)));
    if (mfa.length > 0 && mfa.every((r) => PHONES.includes(methodOf(r)) && isVirtual(r))) {
      found.push({ node: s.edge.to, message: `MFA is approved although the user's only MFA methods are virtual numbers (${list(mfa.map(methodOf))})` });
    }
  }
  return found;
};

/** The steps `virtualNumberRejected` reads: a number entered, MFA approved, a method saved or audited as registered. */
const virtualNumberSteps = (s: Step): boolean =>
  eventType(s.edge) === 'ENTER_VIRTUAL_NUMBER' || eventType(s.edge) === 'MFA_APPROVED'
  || savedMethods(s).length > 0 || newRows(s).some((r) => r.rule === 'AUD-03');

/**
 * PK-02..05: only a normal browser window completes the passkey ceremony —
 * never the Windows App (macOS: stuck after Next, PK-03; Windows: the error,
 * PK-04) nor a private window (PK-05).
 */
export const passkeyClient: EdgePredicate = (scenario, step) => {
  const c = scenario.client;
  if (c.app !== 'windowsApp' && !c.privateWindow) return null;
  if (!savedOrAudited(step).has('fido2')) return null;
  const where = c.app === 'windowsApp' ? `the Windows App on ${c.os}` : 'a private window';
  return `a passkey is registered in ${where}`;
};

/** PK-03: in the Windows App on macOS the ceremony never gets past Next. */
export const passkeyStuckOnMac: NodePredicate = (scenario, node) => {
  const c = scenario.client;
  if (c.app !== 'windowsApp' || c.os !== 'macos' || !hasSegment(node.state, 'webAuthn')) return null;
  return 'the Windows App on macOS reached the WebAuthn request; it hangs after Next';
};

// ─── the gate (GATE) ────────────────────────────────────────────────────────

/** States before or around security info: the gate, its MFA / TAP steps, the B2B redirects and checks. */
const OUTSIDE = new Set([
  'start', 'gate', 'mfaChallenge', 'tapSignIn', 'completeMfa', 'legacySsprSetup', 'legacyMfaChallenge',
  'resourceSignIn', 'redirectedHome', 'returned', 'strengthCheck',
]);
const CHALLENGE_EVENTS = new Set(['MFA_APPROVED', 'MFA_DENIED', 'TAP_ACCEPTED', 'TAP_REJECTED']);
/** A screen that shows security info: not final, not the gate, not an MFA or TAP prompt (whatever its name). */
const showsSecurityInfo = (n: GraphNode, g: StateGraph): boolean => {
  if (n.final || n.snapshot.machine?.id === 'passkey') return false;
  if (g.out[n.index]!.some((e) => CHALLENGE_EVENTS.has(eventType(e)))) return false;
  const s = segmentsOf(n.state);
  const first = s[0] === 'home' || s[0] === 'resource' ? s[1] : s[0];
  return first !== undefined && !OUTSIDE.has(first);
};

/**
 * GATE-01: a user who holds an MFA-capable method never sees security info
 * without completing MFA (or a TAP); a virtual number does not count (MTH-06).
 */
export const mfaBeforeSecurityInfo: GraphPredicate = (scenario, g) => {
  const via = bfsFrom(g, [0], (e) => eventType(e) !== 'MFA_APPROVED' && eventType(e) !== 'TAP_ACCEPTED');
  const found: Finding[] = [];
  for (const n of g.nodes) {
    if (via[n.index] === undefined || !showsSecurityInfo(n, g)) continue;
    const mfa = usableHeld(heldAt(scenario, n.snapshot)).filter(isMfaMethod);
    if (mfa.length) found.push({ node: n.index, path: edgesTo(via, n.index)!, message: `${n.state} shows security info without MFA although the user holds ${list(mfa)}` });
  }
  return found;
};

// ─── the catalogue ──────────────────────────────────────────────────────────

export const INVARIANTS: readonly Invariant[] = [
  { id: 'wizard-method-allowed', kind: 'node', rules: ['MTH-01', 'MTH-06', 'INT-07', 'INT-08'], check: wizardMethodAllowed,
    description: 'The method the wizard sets up is enabled in the policy in force, among the choices, not already held.' },
  { id: 'wizard-method-registrable', kind: 'node', rules: ['INT-12', 'PK-01'], check: wizardMethodRegistrable,
    description: 'The sign-in wizard sets up only methods registrable there (office phone with a business phone, FIDO2 only as observed).' },
  { id: 'mfa-method-first', kind: 'node', rules: ['INT-05'], check: mfaMethodFirst,
    description: 'Where MFA is needed, the first method set up and registered is an MFA method.' },
  { id: 'strength-one-mfa-method', kind: 'node', rules: ['STR-02'], check: strengthOneMfaMethod,
    description: 'The strength wizard never sets up an SSPR-only method and registers at most one.' },
  { id: 'skip-only-if-skippable', kind: 'edge', rules: ['INT-03', 'SSPR-04'], check: skipOnlyIfSkippable,
    description: 'SKIP is taken only when only SSPR registration is enforced.' },
  { id: 'complete-registers-required', kind: 'edge', rules: ['INT-04', 'INT-09'], check: completeRegistersRequired,
    description: 'Finishing the wizard registered the required number of methods, satisfying MFA and SSPR.' },
  { id: 'admin-no-security-questions', kind: 'node', rules: ['SSPR-05'], check: adminNoSecurityQuestions,
    description: 'Administrators never register security questions.' },
  { id: 'audit-matches-transition', kind: 'edge', rules: [...AUD, 'INT-10', 'INT-11', 'MNG-04', 'MNG-05', 'REF-02'], check: auditMatchesTransition,
    description: 'Each transition writes exactly the audit rows its effect calls for.' },
  { id: 'audit-append-only', kind: 'edge', rules: AUD, check: auditAppendOnly,
    description: 'The audit log only grows: rows are never removed or rewritten.' },
  { id: 'manage-add-allowed', kind: 'node', rules: ['MNG-02', 'MTH-01', 'MTH-02', 'PK-01'], check: manageAddAllowed,
    description: 'A method added on the Security info page is enabled, under its maximum and allowed for the user.' },
  { id: 'max-not-exceeded', kind: 'edge', rules: ['MTH-02'], check: maxNotExceeded,
    description: 'No transition takes a method above its maximum.' },
  { id: 'page-changes-explained', kind: 'edge', rules: ['MNG-02', 'MNG-04', 'MNG-06'], check: pageChangesExplained,
    description: 'The lists change only by one add or one successful delete in the directory shown.' },
  { id: 'default-capable', kind: 'edge', rules: ['MNG-05', 'MTH-04'], check: defaultCapable,
    description: 'The default option changes only on a saved change to an option a method held gives, or when the last method giving it is deleted.' },
  { id: 'default-option-offered', kind: 'edge', rules: ['MNG-05', 'MTH-04', 'MTH-06'], check: defaultOptionOffered,
    description: 'Change default picks a sign-in option a real method held gives (a call or text only where enabled), never the current default.' },
  { id: 'no-dead-end', kind: 'node', rules: ['PK-03', 'PK-06', 'INT-10'], check: noDeadEnd,
    description: 'Final states accept no event; every other state accepts at least one.' },
  { id: 'outcome-reachable', kind: 'graph', rules: ['PK-03', 'PK-06', 'INT-10'], check: outcomeReachable,
    description: 'From every reachable state an outcome (final state) is still reachable.' },
  { id: 'virtual-number-rejected', kind: 'graph', rules: ['MTH-06'], check: virtualNumberRejected, steps: virtualNumberSteps,
    description: 'A virtual number never leads to a saved phone, nor passes MFA.' },
  { id: 'passkey-client', kind: 'edge', rules: ['PK-02', 'PK-03', 'PK-04', 'PK-05'], check: passkeyClient,
    description: 'A passkey is registered only in a normal browser window.' },
  { id: 'passkey-stuck-on-mac', kind: 'node', rules: ['PK-03'], check: passkeyStuckOnMac,
    description: 'In the Windows App on macOS the ceremony never gets past Next.' },
  { id: 'mfa-before-security-info', kind: 'graph', rules: ['GATE-01', 'MTH-06'], check: mfaBeforeSecurityInfo,
    description: 'A user holding an MFA-capable method sees security info only after MFA or a TAP.' },
];

export const invariantById = (id: string): Invariant | undefined => INVARIANTS.find((i) => i.id === id);
