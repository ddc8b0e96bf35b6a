/**
 * `regsim whatif`: for every kind of user the policies tell apart
 * (populations.ts), holding nothing, an MFA method or, where the methods
 * policy enables one for them, a Temporary Access Pass, and every client of the
 * catalogue, the policy decision — interrupted or not and why, which wizard,
 * which methods in which order, how many, skippable — and the outcomes the
 * flow's state graph can reach (dead ends, passkey errors, blank pages).
 * Each row is an ordinary scenario, decided by the same engine and machines
 * as `regsim run`.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { CLIENT_CATALOGUE, type ClientEntry } from '../domain/clients.ts';
import type { AskingPolicy, Decision, Gate, Reason, Trigger, Wizard } from '../domain/policy.ts';
import type { RuleId } from '../domain/rules.ts';
import type { MethodId } from '../domain/methods.ts';
import { forUser } from '../domain/targets.ts';
import { exploreScenario } from '../paths/graph.ts';
import { Scenario, type HomeTenant, type Profile, type Tenant } from '../scenario/schema.ts';
import { decisionFor } from '../simulate/expectations.ts';
import { policyState } from '../domain/conditionalAccess.ts';
import { placesFor, populations, type Place, type Population, type Populations } from './populations.ts';
import { caveatsFor, holdingLabel, reportOnlyNote } from './words.ts';
import { trustsHomeMfa } from '../domain/b2b.ts';
import type { ScreenKey } from '../../machines/catalogue/screens.ts';

export interface WhatIfOptions {
  profile: Profile;
  /** Cap on kinds of user. */
  maxPopulations: number;
  /** The guests' home tenant; by default one enabling this tenant's methods, with SSPR off and no Conditional Access [A]. */
  home?: Tenant;
  /** Without `home`, the tenant whose methods the default home enables, instead of each tenant's own: `diff` keeps the guests' home the same on both sides. */
  homeLike?: Tenant;
  clients?: readonly ClientEntry[];
}

export interface Row {
  populationId: string;
  population: string;
  /**
   * `nothing` (greenfield), the MFA method the user holds, or
   * `temporaryAccessPass`: a pass and nothing else, where the methods policy
   * enables it for them (at home, for a guest).
   */
  holds: Holding;
  /** Where the user signs in: `any location` unless a policy for them conditions on it. */
  place: string;
  clientId: string;
  client: string;
  flow: 'interrupt' | 'b2bMfaTrust';
  interrupted: boolean;
  trigger: Trigger | null;
  /** The Conditional Access policies that asked, by name, where Conditional Access interrupts (INT-01). */
  askedBy: AskingPolicy[];
  wizard: Wizard;
  gate: Gate;
  offered: MethodId[];
  choices: MethodId[];
  required: number;
  skippable: boolean;
  url: string | null;
  /** Final states the flow can reach, and `passkeyError` where the passkey error can show. */
  outcomes: string[];
  /** Those of `outcomes` only a user who strips the strength wizard's URL reaches (STR-04). */
  byStrippingUrlOnly: string[];
  rules: RuleId[];
  reasons: Reason[];
  caveats: string[];
  reportOnly: string[];
}

/** What a row's user starts with: nothing, one MFA method, or a Temporary Access Pass alone. */
export type Holding = MethodId | 'nothing';
export const TAP: MethodId = 'temporaryAccessPass';

export interface WhatIf {
  tenant: string;
  profile: Profile;
  rows: Row[];
  populations: Omit<Populations, 'populations'> & { shown: number };
  notSimulated: Tenant['notSimulated'];
}

const OUTCOME_ORDER = ['accessGranted', 'registrationComplete', 'skipped', 'canceled', 'blocked', 'deadEnd', 'stuck', 'passkeyError', 'blankPage', 'legacyRegistration', 'reviewDue'];
const outcomeRank = (o: string) => { const i = OUTCOME_ORDER.indexOf(o); return i === -1 ? OUTCOME_ORDER.length : i; };

const screenOf = (s: AnyMachineSnapshot): string | undefined =>
  Object.values(s.getMeta() as Record<string, { screen?: string } | undefined>).reverse().find((m) => m?.screen)?.screen;
/** The catalogue's key of the passkey error screen (machines/fragments/passkeyCeremony.ts). */
const PASSKEY_ERROR_SCREEN: ScreenKey = 'passkey.error';

/** What a row's flow can end in, and which of those only a user who edits the strength wizard's URL reaches (STR-04). */
export interface Outcomes {
  all: string[];
  byStrippingUrlOnly: string[];
}

/** PK-04, PK-05, GATE-03, STR-06…: the final states the graph reaches, and the passkey error screen. */
export function reachableOutcomes(s: Scenario): Outcomes {
  const g = exploreScenario(s);
  const outcomesOf = (nodes: Iterable<number>) => {
    const out = new Set<string>();
    for (const i of nodes) {
      const n = g.nodes[i]!;
      if (n.final) out.add(n.state);
      if (screenOf(n.snapshot) === PASSKEY_ERROR_SCREEN) out.add('passkeyError');
    }
    return [...out].sort((a, b) => outcomeRank(a) - outcomeRank(b) || (a < b ? -1 : 1));
  };
  // STR-04: stripping the URL's query is the blog's "please don't"; what only it reaches is no outcome the policy gives.
  const seen = new Set<number>([0]);
  for (const at of seen) for (const e of g.out[at]!) if (e.event.type !== 'STRIP_URL') seen.add(e.to);
  const all = outcomesOf(g.nodes.map((n) => n.index));
  const without = new Set(outcomesOf(seen));
  return { all, byStrippingUrlOnly: all.filter((o) => !without.has(o)) };
}

/** [A] Without --home, a guest's home tenant enables the same methods as this one, with no SSPR or Conditional Access. */
export function defaultHome(t: Tenant): Omit<HomeTenant, 'methods' | 'tap'> {
  const { targets: _targets, ...methods } = t.authenticationMethods;
  return {
    name: 'home', authenticationMethods: methods, sspr: { ...t.sspr, enabledFor: 'none', groups: undefined },
    mfaRegistration: { identityProtection: false }, conditionalAccess: [], crossTenant: { trustMfa: false, partners: [] },
    combinedRegistration: true, authenticationStrengths: [], namedLocations: [], directory: { groups: {}, users: {}, roles: {}, applications: {} }, notSimulated: [],
  };
}

/** A tenant file given as the guests' home (--home): what a home tenant holds, without a change on its way (B2B-03 reads its policy as it is). */
function homeTenantOf(t: Tenant): Omit<HomeTenant, 'methods' | 'tap'> {
  const { propagation: _pending, ...home } = t;
  return home;
}

/** The MFA method a user of this kind most likely holds: a phone, else the first MFA method enabled for them. */
const HELD_FIRST: readonly MethodId[] = ['mobilePhone', 'microsoftAuthenticator', 'softwareOath', 'officePhone'];

function scenarioFor(t: Tenant, p: Population, place: Place, holds: Holding, client: ClientEntry, opts: WhatIfOptions): Scenario {
  const s = userScenario(t, p, place, holds, client, opts);
  // A pass the methods policy does not enable for the user cannot be issued (MTH-01): as in `diff`, where one side turns it off, they start with nothing.
  return holds === TAP && !tapEnabled(s) ? userScenario(t, p, place, 'nothing', client, opts) : s;
}

/** The methods policy that applies to the user where they register: at home for a guest (B2B-03), else this tenant's, narrowed to them (MTH-01). */
const enabledFor = (s: Scenario): readonly MethodId[] =>
  (s.user.type === 'guest' ? s.user.home?.authenticationMethods.enabled ?? [] : s.tenant.authenticationMethods.enabled);
const tapEnabled = (s: Scenario): boolean => enabledFor(s).includes(TAP);
/** A pass at home matters only to a guest the resource sends home (B2B-02), and who is asked for something there at all. */
const passCounts = (s: Scenario): boolean => s.user.type !== 'guest' || (trustsHomeMfa(s) && decisionFor(s).interrupted);

function userScenario(t: Tenant, p: Population, place: Place, holds: Holding, client: ClientEntry, opts: WhatIfOptions): Scenario {
  const tap = holds === TAP;
  const methods = holds === 'nothing' || tap ? [] : [holds];
  const w = p.who;
  const user = w.type === 'guest'
    ? {
      type: 'guest' as const, name: w.name, guestType: w.guestType ?? undefined,
      home: { ...(opts.home ? homeTenantOf(opts.home) : defaultHome(opts.homeLike ?? t)), ...(w.home?.id ? { id: w.home.id, name: w.home.id } : {}), methods, tap },
    }
    : { type: 'member' as const, name: w.name, ...(w.id ? { id: w.id } : {}), ...(w.guestType ? { guestType: w.guestType } : {}), groups: [...w.groups], roles: [...w.roles], methods, tap };
  const { propagation, ...rest } = t;
  return forUser(Scenario.parse({
    name: `${p.label} · ${place.label} · ${holdingLabel(holds, w.type)} · ${client.label}`,
    flow: w.type === 'guest' ? 'b2bMfaTrust' : 'interrupt', profile: opts.profile,
    tenant: { ...rest, ...(propagation ? { propagation } : {}) }, user, client: client.client,
    location: place.location, ...(place.application ? { application: place.application } : {}),
  }));
}

/** The held method for the "holds an MFA method" row, or null when the policies enable none for this user. */
function heldMethod(s: Scenario): MethodId | null {
  const enabled = enabledFor(s);
  return HELD_FIRST.find((m) => enabled.includes(m)) ?? null;
}

const rulesOf = (d: Decision): RuleId[] => [...new Set(d.reasons.flatMap((r) => r.rules))].sort();

const VISIBLE = ['interrupted', 'wizard', 'gate', 'offered', 'choices', 'required', 'skippable', 'url'] as const;

/** The MFA method a kind of user most likely holds in tenant `t` (for a guest, at home), or null where `t` enables none for them. */
export function heldMethodIn(t: Tenant, p: Population, place: Place, opts: WhatIfOptions): MethodId | null {
  return heldMethod(scenarioFor(t, p, place, 'nothing', (opts.clients ?? CLIENT_CATALOGUE)[0]!, opts));
}

/** Whether a kind of user can be issued a Temporary Access Pass in tenant `t` (for a guest, at home): the onboarding a "TAP" group is for. */
export function tapIn(t: Tenant, p: Population, place: Place, opts: WhatIfOptions): boolean {
  const s = scenarioFor(t, p, place, 'nothing', (opts.clients ?? CLIENT_CATALOGUE)[0]!, opts);
  return tapEnabled(s) && passCounts(s);
}

/**
 * Every row for the given populations of one tenant; `places` says where each
 * signs in (from every tenant compared), `held` which MFA method the "holds
 * an MFA method" rows hold (by default the one this tenant most likely gives),
 * `withTap` which kinds get a row holding a Temporary Access Pass (by
 * default those this tenant can issue one to).
 */
export function rowsFor(
  t: Tenant, pops: readonly Population[], opts: WhatIfOptions, places: (p: Population) => Place[] = (p) => placesFor(p.who, [t]),
  held: (p: Population, place: Place) => MethodId | null = (p, place) => heldMethodIn(t, p, place, opts),
  withTap: (p: Population, place: Place) => boolean = (p, place) => tapIn(t, p, place, opts),
): Row[] {
  const clients = opts.clients ?? CLIENT_CATALOGUE;
  const reportOnly = t.conditionalAccess.filter((p) => policyState(p) === 'enabledForReportingButNotEnforced');
  const enforced: Tenant | null = reportOnly.length
    ? { ...t, conditionalAccess: t.conditionalAccess.map((p) => (policyState(p) === 'enabledForReportingButNotEnforced' ? { ...p, state: 'enabled' as const } : p)) }
    : null;
  const cache = new Map<string, Outcomes>();
  const rows: Row[] = [];
  for (const p of pops) {
    for (const place of places(p)) {
    const method = held(p, place);
    const holdings: Holding[] = ['nothing', ...(method ? [method] : []), ...(withTap(p, place) ? [TAP] : [])];
    for (const holds of holdings) {
      for (const client of clients) {
        const s = scenarioFor(t, p, place, holds, client, opts);
        const d = decisionFor(s);
        const key = JSON.stringify({ ...s, name: '' });
        const outcomes = cache.get(key) ?? reachableOutcomes(s);
        cache.set(key, outcomes);
        const row: Row = {
          populationId: p.id, population: p.label, place: place.label, holds, clientId: client.id, client: client.label, flow: s.flow as Row['flow'],
          interrupted: d.interrupted, trigger: d.trigger, askedBy: d.askedBy, wizard: d.wizard, gate: d.gate, offered: d.offered, choices: d.choices,
          required: d.required, skippable: d.skippable, url: d.url, outcomes: outcomes.all, byStrippingUrlOnly: outcomes.byStrippingUrlOnly, rules: rulesOf(d), reasons: d.reasons, caveats: [], reportOnly: [],
        };
        row.caveats = caveatsFor(row, d, s);
        if (enforced) {
          const e = decisionFor(scenarioFor(enforced, p, place, holds, client, opts));
          if (VISIBLE.some((f) => JSON.stringify(e[f]) !== JSON.stringify(d[f]))) row.reportOnly = [reportOnlyNote(reportOnly.map((x) => x.name), e)];
        }
        rows.push(row);
      }
    }
    }
  }
  return rows;
}

export function whatif(t: Tenant, opts: WhatIfOptions): WhatIf {
  const pops = populations([t], opts.maxPopulations);
  return {
    tenant: t.name, profile: opts.profile, rows: rowsFor(t, pops.populations, opts),
    populations: { total: pops.total, truncated: pops.truncated, shown: pops.populations.length }, notSimulated: t.notSimulated,
  };
}
