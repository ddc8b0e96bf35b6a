/**
 * Manage mode (MNG-*): what the Security info page lets a user add, change,
 * delete and make default, and why a method is missing from the Add list —
 * plus the page itself as a pure value (methods held per directory, the
 * default, a simulated clock for GATE-04) and the updates the page makes.
 */
import { DEFAULT_OPTIONS, asDefaultOption, optionsGiven, type Channels, type DefaultOptionId } from './defaultOptions.ts';
import { METHODS, METHOD_IDS, bySecurity, isSsprOnly, offWithVoiceCalls, sortBySecurity, type MethodId } from './methods.ts';
import { atMax, effectiveTenant, evaluate, methodOf, countOf, ssprPolicyFor, type Gate } from './policy.ts';
import { methodsHeld } from './rollback.ts';
import type { RuleId } from './rules.ts';
import type { AuthenticationMethodsPolicy, RegisteredMethod, Scenario, Tenant } from '../scenario/schema.ts';

export interface NotAddable {
  method: MethodId;
  rules: RuleId[];
  /** MNG-07: the cause a troubleshooter looks for. */
  cause: 'notEnabled' | 'notPropagated' | 'notForSspr' | 'atMax' | 'voiceCallsOff' | 'notPerUserMfa' | 'selfServiceOff' | 'adminOnly';
  text: string;
}

export interface AddList {
  addable: MethodId[];
  missing: NotAddable[];
}

/** MNG-06: the tenant whose Security info the page shows. */
export type DirectoryId = 'resource' | 'home';

/** A registered method as scenarios write it: an id, or `{ method, count?, virtual? }`. */
export type HeldInput = MethodId | { method: MethodId; count?: number; virtual?: boolean };

/** The schema's form of a held method, defaults filled in. */
const asRegistered = (r: HeldInput): RegisteredMethod =>
  (typeof r === 'string' ? r : { method: r.method, count: r.count ?? 1, virtual: r.virtual ?? false });

export interface AddListOptions {
  /** MNG-06: whose policy applies; `home` needs `user.home` (default `resource`). */
  directory?: DirectoryId;
  /** GATE-04: simulated minutes since the page opened; the policy change is that much older. */
  elapsedMinutes?: number;
  /** GATE-04: ask as if the propagation window had already passed. */
  propagated?: boolean;
}

// ─── the tenant a directory's page follows ──────────────────────────────────

/** MNG-06: the tenant of a directory. The home tenant carries no propagation (as in `evaluateHome`). */
export function directoryTenant(scenario: Scenario, directory: DirectoryId = 'resource'): Tenant {
  if (directory === 'resource') return scenario.tenant;
  const home = scenario.user.home;
  if (!home) throw new Error(`scenario "${scenario.name}": the home directory needs user.home`);
  return { ...home, propagation: undefined };
}

/** GATE-04: the tenant `minutes` later on the simulated clock — its policy change that much older. */
export function tenantLater(tenant: Tenant, minutes: number): Tenant {
  const p = tenant.propagation;
  return p && minutes > 0 ? { ...tenant, propagation: { ...p, changedMinutesAgo: p.changedMinutesAgo + minutes } } : tenant;
}

/** GATE-04: simulated minutes still to wait, `elapsed` minutes after opening, before the new policy shows. */
export function minutesUntilPropagated(tenant: Tenant, elapsed = 0): number {
  const p = tenant.propagation;
  return p ? Math.max(0, p.windowMinutes - (p.changedMinutesAgo + elapsed)) : 0;
}

/** GATE-04, MNG-06: the policy a directory's page follows `elapsed` simulated minutes after opening. */
export function tenantInForce(scenario: Scenario, directory: DirectoryId = 'resource', elapsed = 0): { tenant: Tenant; pending: boolean } {
  return effectiveTenant(tenantLater(directoryTenant(scenario, directory), elapsed));
}

/** What the default options may use under a methods policy: voice calls, text messages. */
export const channelsOf = (policy: AuthenticationMethodsPolicy): Channels => ({ voiceCalls: policy.voiceCalls, sms: policy.sms });

// ─── the Add list ───────────────────────────────────────────────────────────

/**
 * MNG-02, MNG-07, MTH-01, MTH-02, GATE-04, PK-01: the Add method list.
 * `options` picks the directory (MNG-06) and moves the simulated clock
 * (GATE-04); without them it is the resource tenant's list right now.
 */
export function addList(scenario: Scenario, heldInput: readonly HeldInput[], options: AddListOptions = {}): AddList {
  const held = heldInput.map(asRegistered);
  const base = directoryTenant(scenario, options.directory);
  const later = options.propagated ? Number.POSITIVE_INFINITY : options.elapsedMinutes ?? 0;
  const { tenant, pending } = tenantInForce(scenario, options.directory, later);
  const now = base.authenticationMethods.enabled;
  const policy = tenant.authenticationMethods;
  // The home directory's page is the guest's own, as a member there (as in `evaluateHome`).
  const sspr = ssprPolicyFor(tenant.sspr, policy, scenario.user, options.directory === 'home' ? 'member' : scenario.user.type);
  const addable: MethodId[] = [];
  const missing: NotAddable[] = [];
  const miss = (method: MethodId, cause: NotAddable['cause'], rules: RuleId[], text: string) =>
    missing.push({ method, cause, rules, text });
  for (const m of METHOD_IDS) {
    const info = METHODS[m];
    if (info.registerManage === 'no') { if (info.adminProvisioned) miss(m, 'adminOnly', ['MNG-02'], `${info.label} is provisioned by an admin`); continue; }
    if (!policy.enabled.includes(m)) {
      if (pending && now.includes(m)) miss(m, 'notPropagated', ['MNG-07', 'GATE-04'], `${info.label} was enabled ${base.propagation?.changedMinutesAgo} min ago; wait 1-2 hours`);
      else miss(m, 'notEnabled', ['MNG-07', 'MTH-01'], `${info.label} is not enabled in the Authentication methods policy`);
      continue;
    }
    // MNG-07 step 1, "enabled for Multi-Factor Authentication or for SSPR": a method that serves only SSPR needs the user's SSPR policy.
    if (isSsprOnly(m) && !(sspr.enabled && sspr.methods.includes(m))) {
      miss(m, 'notForSspr', ['MNG-07', 'MTH-01'], `${info.label} serves only password reset, and ${sspr.enabled ? 'the SSPR policy does not offer it' : 'the user is not enabled for SSPR'}`);
      continue;
    }
    if (atMax(held, m)) { miss(m, 'atMax', ['MNG-07', 'MTH-02'], `already at the maximum of ${info.max} for ${info.label}`); continue; }
    if (offWithVoiceCalls(m, policy.voiceCalls)) { miss(m, 'voiceCallsOff', ['MNG-02'], 'alternate phone needs voice calls enabled'); continue; }
    if (info.registerManage === 'ifPerUserMfaEnforced' && scenario.user.perUserMfa !== 'enforced') { miss(m, 'notPerUserMfa', ['MNG-02'], 'app passwords are only for per-user-MFA-enforced users'); continue; }
    if (m === 'fido2' && !policy.passkey.selfServiceSetup) { miss(m, 'selfServiceOff', ['PK-01'], 'passkey self-service setup is off'); continue; }
    addable.push(m);
  }
  return { addable: sortBySecurity(addable), missing };
}

/** MNG-03: methods whose details can be changed. */
export const changeable = (held: readonly MethodId[]): MethodId[] => held.filter((m) => METHODS[m].change);
/** MNG-04: every registered method can be deleted (a TAP is not the user's to delete). */
export const deletable = (held: readonly MethodId[]): MethodId[] => held.filter((m) => METHODS[m].delete);
/** MNG-05, MTH-04, MTH-06: the default sign-in options the methods held give, except the current default. */
export const defaultChoices = (held: readonly HeldInput[], current: DefaultOptionId | null, channels: Channels): DefaultOptionId[] =>
  optionsGiven(held.map(asRegistered).map((r) => (typeof r === 'string' ? { method: r } : r)), channels).filter((o) => o !== current);

/** MNG-06: the Security info URL for a directory. */
export const securityInfoUrl = (tenant?: string): string =>
  `https://mysignins.microsoft.com/security-info${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`;

/** GATE-01, GATE-02, GATE-03: what stands between the user and the Security info page (MNG-01). */
export const manageGate = (scenario: Scenario): Gate => evaluate(scenario).gate;

// ─── the page as a value ────────────────────────────────────────────────────

/** One row of the page: a method and how many of it the user holds (MTH-02). */
export type Holding = Extract<RegisteredMethod, { method: MethodId }>;

/** What one directory's Security info page shows (MNG-01). */
export interface DirectoryPage {
  /** One row per method, in page order (MTH-05, then the catalogue). */
  methods: Holding[];
  /** The default sign-in option (MTH-04); `null` when none is set. Read it with `defaultOf`. */
  defaultOption: DefaultOptionId | null;
}

/** The Security info page: the directory shown, each directory's list, the simulated clock. */
export interface SecurityInfo {
  directory: DirectoryId;
  resource: DirectoryPage;
  /** MNG-06: a guest's home tenant keeps its own list; `null` without `user.home`. */
  home: DirectoryPage | null;
  /** GATE-04: simulated minutes since the page opened. No wall clock. */
  minutesElapsed: number;
}

/** MTH-05 first, then catalogue order for the methods MTH-05 does not rank: a stable page order. */
const pageOrder = (a: Holding, b: Holding): number =>
  bySecurity(a.method, b.method) || METHOD_IDS.indexOf(a.method) - METHOD_IDS.indexOf(b.method);

/** One row per method with the counts summed, in page order. */
export function holdingsOf(list: readonly RegisteredMethod[]): Holding[] {
  const rows = new Map<MethodId, Holding>();
  for (const r of list) {
    const m = methodOf(r);
    const row = rows.get(m);
    const virtual = typeof r !== 'string' && r.virtual;
    rows.set(m, row ? { ...row, count: row.count + countOf(r), virtual: row.virtual || virtual } : { method: m, count: countOf(r), virtual });
  }
  return [...rows.values()].sort(pageOrder);
}

/** A directory's page as it opens: its methods, and the default while a method held gives it (ADM-02 may have cleared them). */
function openDirectory(list: readonly RegisteredMethod[], defaultOption: DefaultOptionId | null): DirectoryPage {
  const methods = holdingsOf(list);
  const given = defaultOption !== null && DEFAULT_OPTIONS[defaultOption].methods.some((m) => methods.some((h) => h.method === m));
  return { methods, defaultOption: given ? defaultOption : null };
}

/**
 * MNG-01, MNG-06: the page as it opens — the resource tenant's list and
 * default; a guest with `user.home` also has the home tenant's list [A: the
 * seeds give no home default, so none is set].
 */
export function openSecurityInfo(scenario: Scenario): SecurityInfo {
  const home = scenario.user.home;
  return {
    directory: 'resource',
    resource: openDirectory(methodsHeld(scenario.user), asDefaultOption(scenario.user.defaultMethod)),
    home: home ? { methods: holdingsOf(home.methods), defaultOption: null } : null,
    minutesElapsed: 0,
  };
}

/** MTH-04: a directory's default sign-in option — what the page shows as "Default sign-in method". */
export const defaultOf = (page: DirectoryPage): DefaultOptionId | null => page.defaultOption;

/** The list of the directory shown now. */
export const shownPage = (info: SecurityInfo): DirectoryPage =>
  (info.directory === 'home' && info.home ? info.home : info.resource);

const withShownPage = (info: SecurityInfo, page: DirectoryPage): SecurityInfo =>
  (info.directory === 'home' ? { ...info, home: page } : { ...info, resource: page });

/** The distinct methods held in the directory shown, page order. */
export const heldNow = (info: SecurityInfo): MethodId[] => heldOn(shownPage(info));

/**
 * The Add list of a page, remembered per page: the guards ask it once for
 * each method of each state, and a page, like the scenario, never changes
 * (updates make new ones).
 */
const addLists = new WeakMap<Scenario, WeakMap<DirectoryPage, Map<string, MethodId[]>>>();

/** MNG-02, MNG-07, GATE-04: the Add list of the directory shown, at the simulated time. */
export function addableNow(scenario: Scenario, info: SecurityInfo): MethodId[] {
  const page = shownPage(info);
  let pages = addLists.get(scenario);
  if (!pages) addLists.set(scenario, (pages = new WeakMap()));
  let byTime = pages.get(page);
  if (!byTime) pages.set(page, (byTime = new Map()));
  const at = `${info.directory} ${info.minutesElapsed}`;
  let addable = byTime.get(at);
  if (!addable) {
    addable = addList(scenario, page.methods, { directory: info.directory, elapsedMinutes: info.minutesElapsed }).addable;
    byTime.set(at, addable);
  }
  return addable;
}

/** What a page lets the user do, worked out once per page (the guards ask it for each method of each state). */
function perPage(f: (page: DirectoryPage) => MethodId[]): (info: SecurityInfo) => MethodId[] {
  const seen = new WeakMap<DirectoryPage, MethodId[]>();
  return (info) => {
    const page = shownPage(info);
    let out = seen.get(page);
    if (!out) seen.set(page, (out = f(page)));
    return out;
  };
}
const heldOn = (page: DirectoryPage): MethodId[] => page.methods.map((h) => h.method);

/** MNG-03. */
export const changeableNow = perPage((page) => changeable(heldOn(page)));
/** MNG-04. */
export const deletableNow = perPage((page) => deletable(heldOn(page)));
/** MNG-05, MTH-04: the options "Change default sign-in method" lists, under the policy in force. */
export const defaultChoicesNow = (scenario: Scenario, info: SecurityInfo): DefaultOptionId[] =>
  defaultChoices(shownPage(info).methods, defaultOf(shownPage(info)), channelsNow(scenario, info));

/** The voice and text channels the directory shown allows now (GATE-04: the policy in force). */
export const channelsNow = (scenario: Scenario, info: SecurityInfo): Channels =>
  channelsOf(tenantInForce(scenario, info.directory, info.minutesElapsed).tenant.authenticationMethods);

/** GATE-04, MNG-07: the directory shown still follows the previous policy. */
export const propagationPendingNow = (scenario: Scenario, info: SecurityInfo): boolean =>
  minutesUntilPropagated(directoryTenant(scenario, info.directory), info.minutesElapsed) > 0;

/** MNG-06: only a B2B guest whose home tenant is described can switch directory. */
export const canSwitchDirectory = (scenario: Scenario): boolean =>
  scenario.user.type === 'guest' && scenario.user.home !== undefined;

// ─── registrations, as far as the rules count them ──────────────────────────

/**
 * MTH-02, MNG-04 [A]: what the page tells apart about how many of a method a
 * user holds. MTH-02 reads "at the maximum" (the method leaves the Add list),
 * MNG-04 reads "the last one" (deleting it takes the row and a default away);
 * nothing else on the page, no guard and no screen reads a count.
 */
export type Registrations = 'none' | 'one' | 'several' | 'max';

/** A method whose maximum is one is held `one` time: no "several", and one is its maximum. */
export function registrations(m: MethodId, count: number): Registrations {
  const max = METHODS[m].max;
  if (count <= 0) return 'none';
  if (count === 1) return 'one';
  return max !== null && count >= max ? 'max' : 'several';
}

/**
 * MTH-02 [A]: one registration more. Between one and the maximum the rules
 * read nothing, so "several" is one step of the page: one more from several
 * reaches the maximum. Every boundary a rule reads is then one add away, and
 * a realistic tenant (every method enabled, up to 5 of four of them) keeps a
 * state space that an exhaustive check covers in seconds.
 */
export function oneMore(m: MethodId, count: number): number {
  const max = METHODS[m].max;
  if (max !== null && count >= max) return count;
  if (count < 2) return count + 1;
  // The admin-provisioned methods have no maximum and are never added on the page.
  return max ?? count;
}

/** MNG-04 [A]: one registration fewer: from the maximum, several; from several, the last one. */
export function oneFewer(m: MethodId, count: number): number {
  const max = METHODS[m].max;
  if (max !== null && count >= max && max > 2) return max - 1;
  return count > 1 ? 1 : 0;
}

/** How many adds from none `count` is, along none, one, several, the maximum: one add or delete is one step. */
export function registrationSteps(m: MethodId, count: number): number {
  const max = METHODS[m].max;
  const r = registrations(m, count);
  if (r === 'none' || r === 'one') return r === 'none' ? 0 : 1;
  return r === 'several' || max === 2 ? 2 : 3;
}

/** MNG-02, AUD-03: a method set up on the page joins the list of the directory shown. */
export function withAdded(info: SecurityInfo, m: MethodId): SecurityInfo {
  const page = shownPage(info);
  const has = page.methods.some((h) => h.method === m);
  const methods = has
    ? page.methods.map((h) => (h.method === m ? { ...h, count: oneMore(m, h.count) } : h))
    : [...page.methods, { method: m, count: 1, virtual: false }].sort(pageOrder);
  return withShownPage(info, { ...page, methods });
}

/**
 * MNG-04, AUD-06: one registration of `m` leaves the directory shown. The
 * default stays while a method held still gives it (deleting the other
 * authenticator app keeps "code"); once none does, there is no default [A:
 * the seeds do not say which option takes over]; the user picks one with
 * Change default.
 */
export function withDeleted(info: SecurityInfo, m: MethodId): SecurityInfo {
  const page = shownPage(info);
  const methods = page.methods
    .map((h) => (h.method === m ? { ...h, count: oneFewer(m, h.count) } : h))
    .filter((h) => h.count > 0);
  const current = defaultOf(page);
  const stillGiven = current !== null && DEFAULT_OPTIONS[current].methods.some((x) => methods.some((h) => h.method === x));
  return withShownPage(info, { methods, defaultOption: stillGiven ? current : null });
}

/** MNG-05, AUD-08: `option` becomes the default of the directory shown. */
export const withDefault = (info: SecurityInfo, option: DefaultOptionId): SecurityInfo =>
  withShownPage(info, { ...shownPage(info), defaultOption: option });

/** MNG-06: the page shows the other directory; each keeps its own list. */
export const switchedDirectory = (info: SecurityInfo): SecurityInfo =>
  (info.home ? { ...info, directory: info.directory === 'home' ? 'resource' : 'home' } : info);

/** GATE-04, MNG-07: the simulated clock moves past the propagation window ("wait 1-2 hours"). */
export const afterPropagation = (scenario: Scenario, info: SecurityInfo): SecurityInfo =>
  ({ ...info, minutesElapsed: info.minutesElapsed + minutesUntilPropagated(directoryTenant(scenario, info.directory), info.minutesElapsed) });

// ─── the page, part by part ─────────────────────────────────────────────────

/**
 * A part of a directory's page that changes, and is read, independently of
 * the others: one method's registrations, or the default sign-in option
 * together with every method that gives one. No guard, screen or update of
 * the page reads one part to decide about another: the Add list asks each
 * method's own maximum (MTH-02, MNG-07), Change and Delete whether that
 * method is held (MNG-03, MNG-04), Change default the methods that give an
 * option and the current one (MNG-05, MTH-04), and deleting a method clears
 * the default only when no method that gives it is left (MNG-04), which
 * reads only methods of the default's part.
 */
export type PagePart = MethodId | 'default';

const GIVES_AN_OPTION: ReadonlySet<MethodId> = new Set(Object.values(DEFAULT_OPTIONS).flatMap((o) => o.methods));

/** The part of the page acting on `m` touches. */
export const partOf = (m: MethodId): PagePart => (GIVES_AN_OPTION.has(m) ? 'default' : m);

/**
 * The parts in which `page` differs from `opened`, as far as the rules count
 * registrations (`registrations`; MTH-06: a virtual number is a difference
 * too): what the state key tells apart, no more.
 */
export function changedParts(opened: DirectoryPage, page: DirectoryPage): Set<PagePart> {
  const out = new Set<PagePart>();
  if (page === opened) return out;
  const row = (p: DirectoryPage, m: MethodId) => p.methods.find((h) => h.method === m);
  for (const m of new Set([...heldOn(opened), ...heldOn(page)])) {
    const a = row(opened, m);
    const b = row(page, m);
    if (registrations(m, a?.count ?? 0) !== registrations(m, b?.count ?? 0) || (a?.virtual ?? false) !== (b?.virtual ?? false)) out.add(partOf(m));
  }
  if (opened.defaultOption !== page.defaultOption) out.add('default');
  return out;
}

/**
 * Whether the page of this scenario can be explored part by part: one
 * directory (MNG-06: a guest who switches has two pages) and a policy in
 * force from the start (GATE-04: waiting for a change to propagate changes
 * what every method may do at once).
 */
export const pageSplitsIntoParts = (scenario: Scenario): boolean =>
  !canSwitchDirectory(scenario) && scenario.user.home === undefined && !propagationPendingNow(scenario, openSecurityInfo(scenario));
