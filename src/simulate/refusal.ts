/**
 * Why a machine refuses an event where it stands: which transition would
 * take it, the guard that said no, and in the domain's words the rule
 * behind that guard ("Security key or passkey is not enabled in the
 * Authentication methods policy", MTH-01). `run` prints it for a step that
 * is not possible; `validate` reports it at the step's file position.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { eventMethod, eventOption, type RegsimEvent } from '../../machines/events.ts';
import type { RegistrationContext } from '../../machines/context.ts';
import type { SecurityInfoContext } from '../../machines/fragments/manage.ts';
import { DEFAULT_OPTIONS } from '../domain/defaultOptions.ts';
import { addList, changeableNow, channelsNow, defaultOf, deletableNow, shownPage } from '../domain/manage.ts';
import { METHODS } from '../domain/methods.ts';
import { effectiveTenant } from '../domain/policy.ts';
import { whyNotAtStep, whyNotDefaultChoice, type Refusal } from '../domain/refusals.ts';
import { isRuleId, type RuleId } from '../domain/rules.ts';
import { stepPool } from '../domain/steps.ts';
import { forbiddingTransition, formatEvent, possibleEvents } from './events.ts';
import { activeNodes, deepestFirst, snapshotStateId } from './stateId.ts';

export interface RefusalReport {
  /** The guard that refused the event, or `null` when no transition of the state takes it. */
  guard: string | null;
  /** The rules behind the refusal, most specific first. */
  rules: RuleId[];
  /** Why, in a few words. */
  text: string;
  /** Whether the refusal is about the method or option the event names (where validate points). */
  about: 'payload' | 'event';
  /** Events possible where the machine stands. */
  possible: string[];
}

type Context = Partial<RegistrationContext & SecurityInfoContext & { shown: 'home' | 'resource' | null }>;
type Explain = (c: Context, e: RegsimEvent) => Refusal | null;

/** The Authentication methods policy the wizard's tenant has in force (B2B-03: the home tenant's own). */
function wizardStepOf(c: Context) {
  const s = c.scenario!;
  const home = c.shown === 'home' && s.user.home;
  const tenant = home ? { ...s.user.home!, propagation: undefined } : s.tenant;
  const { tenant: inForce, pending } = effectiveTenant(tenant);
  return {
    decision: c.wizard!.decision, registered: c.wizard!.registered, current: c.current ?? null,
    methodsPolicy: inForce.authenticationMethods, ...(pending ? { pendingPolicy: tenant.authenticationMethods } : {}),
    businessPhone: s.user.businessPhone, tap: home ? s.user.home!.tap : s.user.tap, profile: s.profile,
  };
}

const why = (text: string, ...rules: RuleId[]): Refusal => ({ text, rules });

/** One explainer per guard that can refuse an event; each asks the domain. */
const EXPLAIN: Readonly<Record<string, Explain>> = {
  isChoosable: (c, e) => {
    const m = eventMethod(e);
    return m && c.wizard ? whyNotAtStep(m, wizardStepOf(c)) : null;
  },
  hasAlternatives: (c) => {
    const pool = c.wizard ? stepPool(c.wizard.decision, c.wizard.registered) : [];
    return why(`"I want to set up a different method" shows only when another method can be chosen at this step (${pool.join(', ') || 'none'})`, 'INT-07');
  },
  canSkip: (c) => why(`registration is enforced by ${c.wizard?.decision.triggers.join(', ') || 'MFA'}: only SSPR-only registration can be skipped`, 'INT-03', 'SSPR-04'),
  inStrengthWizard: () => why('only the strength wizard\'s URL has a query (?authMethods=…) to strip', 'STR-04'),
  isAddable: (c, e) => {
    const m = eventMethod(e);
    if (!m || !c.page || !c.scenario) return null;
    const list = addList(c.scenario, shownPage(c.page).methods, { directory: c.page.directory, elapsedMinutes: c.page.minutesElapsed });
    const miss = list.missing.find((x) => x.method === m);
    if (miss) return { text: miss.text, rules: miss.rules };
    return METHODS[m].registerManage === 'no' ? why(`${METHODS[m].label} is never added on the Security info page`, 'MNG-02') : null;
  },
  isChangeable: (c, e) => {
    const m = eventMethod(e);
    if (!m || !c.page) return null;
    const held = shownPage(c.page).methods.some((h) => h.method === m);
    return held ? why(`${METHODS[m].label} cannot be changed, only deleted (changeable: ${changeableNow(c.page).join(', ') || 'none'})`, 'MNG-03')
      : why(`the user holds no ${METHODS[m].label} in this directory`, 'MNG-03');
  },
  isDeletable: (c, e) => {
    const m = eventMethod(e);
    if (!m || !c.page) return null;
    const held = shownPage(c.page).methods.some((h) => h.method === m);
    return held ? why(`${METHODS[m].label} is not the user's to delete (deletable: ${deletableNow(c.page).join(', ') || 'none'})`, 'MNG-04')
      : why(`the user holds no ${METHODS[m].label} in this directory`, 'MNG-04');
  },
  isDefaultChoice: (c, e) => {
    const o = eventOption(e);
    if (!o || !c.page || !c.scenario) return null;
    const page = shownPage(c.page);
    return whyNotDefaultChoice(o, page.methods, defaultOf(page), channelsNow(c.scenario, c.page));
  },
  hasDefaultChoices: (c) => {
    const page = c.page ? shownPage(c.page) : null;
    const current = page ? defaultOf(page) : null;
    return why(`no method held gives another default sign-in option${current ? ` than "${DEFAULT_OPTIONS[current].label}"` : ''} (email and security questions never can)`, 'MTH-04', 'MNG-05');
  },
  canSwitchDirectory: () => why('only a B2B guest whose home tenant is described (user.home) can switch directory', 'MNG-06'),
  propagationPending: () => why('no policy change is waiting to propagate in this directory', 'GATE-04'),
  passkeyCanComplete: () => why('only a normal browser window completes the WebAuthn ceremony', 'PK-02', 'PK-04', 'PK-05'),
  passkeyFailsInClient: () => why('this client does not make WebAuthn fail by itself; a timeout or a cancel can', 'PK-04', 'PK-05'),
  passkeyMayHang: () => why('only the Windows App hangs in the WebAuthn request', 'PK-03'),
};

interface TransitionLike {
  guard?: unknown;
  meta?: { rules?: readonly string[] };
}

const guardName = (g: unknown): string | null => {
  if (typeof g === 'string') return g;
  if (g && typeof g === 'object' && typeof (g as { type?: unknown }).type === 'string') return (g as { type: string }).type;
  return g ? 'an inline guard' : null;
};


/** Why `snapshot` does not accept `event`. Call it only for an event `snapshot.can` refuses. */
export function explainRefusal(snapshot: AnyMachineSnapshot, event: RegsimEvent): RefusalReport {
  const state = snapshotStateId(snapshot);
  const possible = possibleEvents(snapshot).map(formatEvent);
  if (snapshot.status !== 'active') {
    return { guard: null, rules: [], text: `the flow has ended in ${state}`, about: 'event', possible };
  }
  const candidates = deepestFirst(activeNodes(snapshot)).flatMap((n) => (n.transitions.get(event.type) ?? []) as TransitionLike[]);
  if (candidates.length === 0) {
    return { guard: null, rules: [], text: `there is no ${event.type} on this screen`, about: 'event', possible };
  }
  // A state that forbids the event (the passkey prompt covering the page) says why, whatever the hosts around it would do.
  const forbidding = forbiddingTransition(activeNodes(snapshot), event.type) as TransitionLike & { meta?: { description?: string } } | undefined;
  if (forbidding) {
    const d = forbidding.meta?.description ?? `${snapshot.machine.id} forbids it here`;
    return { guard: null, rules: rulesOf(forbidding), text: d.charAt(0).toLowerCase() + d.slice(1), about: 'event', possible };
  }
  const context = snapshot.context as Context;
  const about = eventMethod(event) !== null || eventOption(event) !== null ? 'payload' : 'event';
  const guarded = candidates.filter((t) => guardName(t.guard) !== null);
  for (const t of guarded) {
    const guard = guardName(t.guard)!;
    const refusal = EXPLAIN[guard]?.(context, event);
    if (refusal) return { guard, rules: refusal.rules.length ? refusal.rules : rulesOf(t), text: refusal.text, about, possible };
  }
  const first = guarded[0];
  if (first) return { guard: guardName(first.guard), rules: rulesOf(first), text: `its guard ${guardName(first.guard)} is false here`, about: 'event', possible };
  return { guard: null, rules: [], text: `${formatEvent(event)} is not possible in ${state}`, about: 'event', possible };
}

const rulesOf = (t: TransitionLike): RuleId[] => (t.meta?.rules ?? []).filter(isRuleId);

/** `SELECT_METHOD(fido2) is not possible in wizard.chooser: … (MTH-01; guard isChoosable); possible: …`. */
export function describeRefusal(event: RegsimEvent, state: string, r: RefusalReport): string {
  const cite = [...(r.rules.length ? [r.rules.join(', ')] : []), ...(r.guard ? [`guard ${r.guard}`] : [])];
  return `${formatEvent(event)} is not possible in ${state}: ${r.text}${cite.length ? ` (${cite.join('; ')})` : ''}; possible: ${r.possible.join(', ') || 'none'}`;
}
