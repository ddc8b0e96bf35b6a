/**
 * The B2B guest flow (B2B-01..05, blog 004 caveat 2): the pure rules in
 * src/domain/b2b.ts, scripted walks through b2bMfaTrustMachine, the shipped
 * b2b-*.yaml scenarios, and the size of the state graph path generation
 * explores for them.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { b2bMfaTrustMachine, b2bMfaTrustObserve } from '../machines/b2bMfaTrust.machine.ts';
import type { RegsimEvent } from '../machines/events.ts';
import { formatAuditRow } from '../src/domain/audit.ts';
import { AUTH_METHOD_BITS } from '../src/domain/authMethods.ts';
import { homeClaimAccepted, resourceRequirement, satisfiedAfterMfa } from '../src/domain/b2b.ts';
import type { MethodId } from '../src/domain/methods.ts';
import { evaluate, evaluateHome } from '../src/domain/policy.ts';
import type { RuleId } from '../src/domain/rules.ts';
import { loadScenarioFile } from '../src/scenario/load.ts';
import { Scenario, type ScenarioInput } from '../src/scenario/schema.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { runScenario } from '../src/simulate/runner.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';
import { ev, walkMachine, words } from './support.ts';

// ─── fixtures ───────────────────────────────────────────────────────────────

type Grant = 'mfa' | 'block' | { authenticationStrength: 'multifactor' | 'passwordless' | 'phishingResistant' };

interface Case {
  grant?: Grant | null;
  trust?: boolean;
  claim?: boolean | MethodId;
  homeMethods?: MethodId[];
  homeTap?: boolean;
  homeEnabled?: MethodId[];
  resourceEnabled?: MethodId[];
  userMethods?: MethodId[];
  profile?: 'observed' | 'documented';
  client?: ScenarioInput['client'];
}

/** Blog 004's setup: Fabrikam (resource) with a guest policy, Adele from Contoso. */
function guest(c: Case = {}): Scenario {
  const grant = c.grant === undefined ? 'mfa' : c.grant;
  return Scenario.parse({
    name: 'b2b test',
    flow: 'b2bMfaTrust',
    profile: c.profile ?? 'observed',
    tenant: {
      name: 'fabrikam',
      authenticationMethods: { enabled: c.resourceEnabled ?? ['microsoftAuthenticator', 'mobilePhone', 'fido2'] },
      conditionalAccess: grant === null ? [] : [{ name: 'Guests', users: 'guests', grant }],
      crossTenant: { trustMfa: c.trust ?? true },
    },
    user: {
      name: 'adele', type: 'guest', homeMfaClaim: c.claim ?? false, methods: c.userMethods ?? [],
      home: {
        name: 'contoso',
        authenticationMethods: { enabled: c.homeEnabled ?? ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email', 'fido2'] },
        methods: c.homeMethods ?? [],
        tap: c.homeTap ?? false,
      },
    },
    client: c.client ?? { app: 'browser' },
  });
}

const PHISHING_RESISTANT: Grant = { authenticationStrength: 'phishingResistant' };


const walk = (s: Scenario, ...events: RegsimEvent[]): AnyMachineSnapshot => walkMachine(b2bMfaTrustMachine, s, events);

const at = (snap: AnyMachineSnapshot) => snapshotStateId(snap);
const auditOf = (snap: AnyMachineSnapshot) => (snap.context as { audit: Parameters<typeof formatAuditRow>[0][] }).audit.map(formatAuditRow);
const ctx = (snap: AnyMachineSnapshot) => snap.context as Parameters<typeof b2bMfaTrustObserve>[0];

const REGISTERED_ALL = 'User registered all required security info | Success | User registered all required security info.';
const CANCELED = 'User registered all required security info | Failure | User canceled security info registration.';

// ─── the pure rules ─────────────────────────────────────────────────────────

describe('src/domain/b2b', () => {
  it('reads the resource requirement from the guest CA policies (B2B-01, STR-05)', () => {
    expect(resourceRequirement(guest({ grant: null }))).toEqual({ kind: 'none' });
    expect(resourceRequirement(guest({ grant: 'mfa' }))).toEqual({ kind: 'mfa' });
    expect(resourceRequirement(guest({ grant: 'block' }))).toEqual({ kind: 'block' });
    expect(resourceRequirement(guest({ grant: PHISHING_RESISTANT }))).toEqual({ kind: 'strength', strength: 'phishingResistant' });
    // A strength outranks the legacy grant; a members-only policy does not apply to guests.
    const both = guest();
    both.tenant.conditionalAccess.push(
      { ...both.tenant.conditionalAccess[0]!, name: 'Guests strength', grant: { authenticationStrength: 'passwordless' } },
      { ...both.tenant.conditionalAccess[0]!, name: 'Members block', users: 'members', grant: 'block' },
    );
    expect(resourceRequirement(both)).toEqual({ kind: 'strength', strength: 'passwordless' });
  });

  it('accepts the home claim only with trust on, the claim present and the methods satisfying (B2B-01)', () => {
    expect(homeClaimAccepted(guest({ claim: true, homeMethods: ['mobilePhone'] }))).toBe(true);
    expect(homeClaimAccepted(guest({ claim: false, homeMethods: ['mobilePhone'] }))).toBe(false);
    expect(homeClaimAccepted(guest({ claim: true, homeMethods: ['mobilePhone'], trust: false }))).toBe(false);
    expect(homeClaimAccepted(guest({ claim: true, homeMethods: ['email'] }))).toBe(false);
    expect(homeClaimAccepted(guest({ claim: true, homeMethods: ['mobilePhone'], grant: PHISHING_RESISTANT }))).toBe(false);
    expect(homeClaimAccepted(guest({ claim: true, homeMethods: ['fido2'], grant: PHISHING_RESISTANT }))).toBe(true);
    // A TAP is MFA (GATE-01) and in the Multifactor strength, never phishing-resistant (STR-05).
    expect(homeClaimAccepted(guest({ claim: true, homeTap: true, grant: { authenticationStrength: 'multifactor' } }))).toBe(true);
    expect(homeClaimAccepted(guest({ claim: true, homeTap: true, grant: PHISHING_RESISTANT }))).toBe(false);
  });

  it('judges a claim that names its method by that method alone (B2B-01: "the methods satisfy the authentication strength")', () => {
    const both = (claim: MethodId) => guest({ claim, homeMethods: ['mobilePhone', 'fido2'], grant: PHISHING_RESISTANT });
    expect(homeClaimAccepted(both('fido2'))).toBe(true);
    expect(homeClaimAccepted(both('mobilePhone'))).toBe(false);
    expect(homeClaimAccepted(guest({ claim: true, homeMethods: ['mobilePhone', 'fido2'], grant: PHISHING_RESISTANT }))).toBe(true);
    expect(homeClaimAccepted(guest({ claim: 'mobilePhone', homeMethods: ['mobilePhone'] }))).toBe(true);
  });

  it('checks what the guest holds after MFA, held plus registered (B2B-02, B2B-05)', () => {
    const s = guest({ grant: PHISHING_RESISTANT, homeMethods: ['mobilePhone'] });
    expect(satisfiedAfterMfa(s, 'home', [])).toBe(false);
    expect(satisfiedAfterMfa(s, 'home', ['microsoftAuthenticator'])).toBe(false);
    expect(satisfiedAfterMfa(s, 'home', ['fido2'])).toBe(true);
    // The resource tenant's methods are its own (MNG-06): home methods do not count there.
    expect(satisfiedAfterMfa(guest({ homeMethods: ['mobilePhone'] }), 'resource', [])).toBe(false);
    expect(satisfiedAfterMfa(guest({ homeMethods: ['mobilePhone'] }), 'resource', ['mobilePhone'])).toBe(true);
  });

  it('counts an Authenticator toward Passwordless MFA only with phone sign-in: held so, or set up by a wizard that asked for it (STR-05)', () => {
    const s = guest({ grant: { authenticationStrength: 'passwordless' }, homeMethods: ['mobilePhone'] });
    const home = evaluateHome(s);
    expect(home.authMethods! & AUTH_METHOD_BITS.deviceBasedPush).toBe(AUTH_METHOD_BITS.deviceBasedPush);
    expect(satisfiedAfterMfa(s, 'home', ['microsoftAuthenticator'], home)).toBe(true);
    // Registered for push only (no wizard asked for phone sign-in): "users need to also enable passwordless sign-in" [003].
    expect(satisfiedAfterMfa(s, 'home', ['microsoftAuthenticator'])).toBe(false);
    expect(homeClaimAccepted(guest({ claim: true, grant: { authenticationStrength: 'passwordless' }, homeMethods: ['microsoftAuthenticator'] }))).toBe(false);
  });
});

// ─── walks ──────────────────────────────────────────────────────────────────

describe('b2bMfaTrust walks', () => {
  it('legacy MFA + trust + greenfield: the home wizard follows the HOME tenant, incl. a third-party app (B2B-02, B2B-03)', () => {
    const s = guest({
      resourceEnabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2'],
      homeEnabled: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email'],
    });
    let snap = walk(s);
    expect(at(snap)).toBe('redirectedHome');
    expect(ctx(snap).shown).toBeNull();

    snap = walk(s, ev('REDIRECT_HOME'));
    expect(at(snap)).toBe('home.wizard.intro');
    expect(ctx(snap).shown).toBe('home');
    const home = ctx(snap).wizard.decision;
    expect(home.wizard).toBe('combined');
    expect(home.choices).toEqual(['microsoftAuthenticator', 'softwareOath', 'mobilePhone']);
    // The resource tenant does not enable softwareOath: its wizard would not offer it.
    expect(evaluate(s).choices).not.toContain('softwareOath');

    snap = walk(s, ev('REDIRECT_HOME'), ev('NEXT'), ev('CHOOSE_DIFFERENT_METHOD'));
    expect(at(snap)).toBe('home.wizard.chooser');
    expect(possibleEvents(snap).map(formatEvent)).toEqual(expect.arrayContaining(['SELECT_METHOD(softwareOath)', 'SELECT_METHOD(mobilePhone)']));
    expect(snap.can(ev('SELECT_METHOD', 'fido2'))).toBe(false);

    snap = walk(s, ev('REDIRECT_HOME'), ev('NEXT'), ev('CHOOSE_DIFFERENT_METHOD'), ev('SELECT_METHOD', 'softwareOath'),
      ev('QR_SCANNED'), ev('CODE_CORRECT'), ev('NEXT'), ev('DONE'));
    expect(at(snap)).toBe('returned');
    expect(ctx(snap).wizard.registered).toEqual(['softwareOath']);

    snap = walk(s, ev('REDIRECT_HOME'), ev('NEXT'), ev('CHOOSE_DIFFERENT_METHOD'), ev('SELECT_METHOD', 'softwareOath'),
      ev('QR_SCANNED'), ev('CODE_CORRECT'), ev('NEXT'), ev('DONE'), ev('RETURN_TO_RESOURCE'));
    expect(snap.status).toBe('done');
    expect(at(snap)).toBe('accessGranted');
    expect(auditOf(snap)).toEqual([
      'User registered security info | Success | User registered Other authenticator app.',
      REGISTERED_ALL,
    ]);
  });

  it('phishing-resistant strength + trust + greenfield: dead end at home (B2B-04, STR-06)', () => {
    const s = guest({ grant: PHISHING_RESISTANT });
    const snap = walk(s, ev('REDIRECT_HOME'));
    expect(snap.status).toBe('done');
    expect(at(snap)).toBe('deadEnd');
    expect(ctx(snap).wizard.decision.wizard).toBe('deadEnd');
    expect(auditOf(snap)).toEqual([]);
  });

  it('phishing-resistant + legacy MFA at home: MFA there, then asked for a passkey; the browser registers it (B2B-04, PK-02)', () => {
    const s = guest({ grant: PHISHING_RESISTANT, homeMethods: ['mobilePhone'], claim: true });
    expect(at(walk(s))).toBe('redirectedHome'); // a phone claim does not satisfy the strength (B2B-01)
    expect(at(walk(s, ev('REDIRECT_HOME')))).toBe('home.mfaChallenge');
    let snap = walk(s, ev('REDIRECT_HOME'), ev('MFA_APPROVED'), ev('NEXT'));
    expect(at(snap)).toBe('home.wizard.setup.fido2.intro');
    expect(ctx(snap).current).toBe('fido2');
    expect(ctx(snap).wizard.decision.choices).toEqual(['fido2']);
    expect(snap.can(ev('CHOOSE_DIFFERENT_METHOD'))).toBe(false); // INT-07: nothing else to choose
    snap = walk(s, ev('REDIRECT_HOME'), ev('MFA_APPROVED'), ev('NEXT'), ev('NEXT'), ev('WEBAUTHN_SUCCESS'), ev('NEXT'), ev('DONE'), ev('RETURN_TO_RESOURCE'));
    expect(at(snap)).toBe('accessGranted');
    expect(auditOf(snap)).toEqual(['User registered security info | Success | User registered Security key.', REGISTERED_ALL]);
    expect(at(walk(s, ev('REDIRECT_HOME'), ev('MFA_DENIED')))).toBe('blocked');
  });

  it('phishing-resistant + TAP at home: TAP sign-in, then the passkey (B2B-04, GATE-01)', () => {
    const s = guest({ grant: PHISHING_RESISTANT, homeTap: true });
    expect(at(walk(s, ev('REDIRECT_HOME')))).toBe('home.tapSignIn');
    const snap = walk(s, ev('REDIRECT_HOME'), ev('TAP_ACCEPTED'), ev('NEXT'), ev('NEXT'), ev('WEBAUTHN_SUCCESS'), ev('NEXT'), ev('DONE'), ev('RETURN_TO_RESOURCE'));
    expect(at(snap)).toBe('accessGranted');
    expect(ctx(snap).wizard.registered).toEqual(['fido2']);
  });

  it('the passkey at home hangs in the Windows App on macOS (PK-03)', () => {
    const s = guest({ grant: PHISHING_RESISTANT, homeTap: true, client: { app: 'windowsApp', os: 'macos' } });
    expect(at(walk(s, ev('REDIRECT_HOME'), ev('TAP_ACCEPTED'), ev('NEXT'), ev('NEXT')))).toBe('stuck');
  });

  it('trust + a satisfying home claim: access at once, no home wizard (B2B-01)', () => {
    for (const s of [guest({ claim: true, homeMethods: ['microsoftAuthenticator'] }),
      guest({ claim: true, homeMethods: ['fido2'], grant: PHISHING_RESISTANT })]) {
      const snap = walk(s);
      expect(snap.status).toBe('done');
      expect(at(snap)).toBe('accessGranted');
      expect(ctx(snap).shown).toBeNull();
    }
  });

  it('trust + MFA already held at home, no claim: MFA there, no wizard, then access (B2B-02)', () => {
    const s = guest({ homeMethods: ['microsoftAuthenticator'], homeEnabled: ['microsoftAuthenticator', 'mobilePhone'] });
    expect(at(walk(s, ev('REDIRECT_HOME')))).toBe('home.completeMfa');
    const snap = walk(s, ev('REDIRECT_HOME'), ev('MFA_APPROVED'), ev('RETURN_TO_RESOURCE'));
    expect(at(snap)).toBe('accessGranted');
    expect(auditOf(snap)).toEqual([]);
  });

  it('trust off: the guest registers in the resource tenant, with its methods (B2B-05)', () => {
    const s = guest({ trust: false, claim: true, homeMethods: ['softwareOath'], resourceEnabled: ['microsoftAuthenticator', 'mobilePhone'] });
    let snap = walk(s);
    expect(at(snap)).toBe('resource.wizard.intro');
    expect(ctx(snap).shown).toBe('resource');
    expect(ctx(snap).wizard.decision.choices).toEqual(['microsoftAuthenticator', 'mobilePhone']);
    expect(snap.can(ev('REDIRECT_HOME'))).toBe(false);
    snap = walk(s, ev('NEXT'), ev('NEXT'), ev('QR_SCANNED'), ev('NOTIFICATION_APPROVED'), ev('NEXT'), ev('DONE'));
    expect(at(snap)).toBe('accessGranted');
    expect(auditOf(snap)).toEqual(['User registered security info | Success | User registered Authenticator app.', REGISTERED_ALL]);
  });

  it('trust off, phishing-resistant, greenfield: the dead end is in the resource tenant (B2B-05, STR-06)', () => {
    expect(at(walk(guest({ trust: false, grant: PHISHING_RESISTANT })))).toBe('deadEnd');
  });

  it('documented profile: no passkey offered at home, blocked back at the resource (B2B-02, STR-05)', () => {
    const s = guest({ profile: 'documented', grant: PHISHING_RESISTANT, homeMethods: ['mobilePhone'], homeEnabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2'] });
    const snap = walk(s, ev('REDIRECT_HOME'), ev('MFA_APPROVED'), ev('NEXT'), ev('NEXT'), ev('QR_SCANNED'), ev('NOTIFICATION_APPROVED'), ev('NEXT'), ev('DONE'), ev('RETURN_TO_RESOURCE'));
    expect(at(snap)).toBe('blocked');
    expect(ctx(snap).wizard.registered).toEqual(['microsoftAuthenticator']);
  });

  it('cancel at home writes the Failure row (INT-10, AUD-02)', () => {
    const snap = walk(guest(), ev('REDIRECT_HOME'), ev('NEXT'), ev('CANCEL'));
    expect(at(snap)).toBe('canceled');
    expect(auditOf(snap)).toEqual([CANCELED]);
  });

  it('no guest requirement → access; a guest block → blocked', () => {
    expect(at(walk(guest({ grant: null })))).toBe('accessGranted');
    expect(at(walk(guest({ grant: 'block', claim: true, homeMethods: ['fido2'] })))).toBe('blocked');
  });
});

// ─── the statechart itself ──────────────────────────────────────────────────

function allStates(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((c) => [c, ...allStates(c)]);
}

describe('b2bMfaTrust statechart', () => {
  const states = allStates(b2bMfaTrustMachine.root);

  it('reads like the journey and names its outcomes', () => {
    const top = Object.keys(b2bMfaTrustMachine.root.states);
    expect(top).toEqual(['resourceSignIn', 'redirectedHome', 'home', 'returned', 'resource', 'strengthCheck',
      'accessGranted', 'canceled', 'blocked', 'deadEnd', 'stuck', 'blankPage', 'legacyRegistration', 'reviewDue']);
    for (const s of states) expect(typeof (s.meta as { description?: unknown } | undefined)?.description, s.id).toBe('string');
  });

  it('cites every B2B rule and STR-06 on states or transitions', () => {
    const cited = new Set<RuleId>();
    const add = (meta: unknown) => { for (const r of (meta as { rules?: RuleId[] } | undefined)?.rules ?? []) cited.add(r); };
    for (const s of states) {
      add(s.meta);
      for (const ts of s.transitions.values()) for (const t of ts) add(t.meta);
      for (const t of s.always ?? []) add(t.meta);
    }
    for (const r of ['B2B-01', 'B2B-02', 'B2B-03', 'B2B-04', 'B2B-05', 'STR-06'] as const) expect(cited, r).toContain(r);
  });

  it('nests the shared wizard twice rather than copying it', () => {
    const ids = states.map((s) => s.id);
    for (const root of ['b2bMfaTrust.home', 'b2bMfaTrust.resource']) {
      for (const child of ['gate', 'mfaChallenge', 'tapSignIn', 'wizard', 'wizard.setup.fido2.webAuthn', 'completeMfa']) {
        expect(ids).toContain(`${root}.${child}`);
      }
    }
  });
});

// ─── shipped scenarios and their state graphs ───────────────────────────────

const SCENARIO_DIR = new URL('../scenarios/', import.meta.url);
const b2bFiles = readdirSync(SCENARIO_DIR).filter((f) => f.startsWith('b2b-') && f.endsWith('.yaml')).sort();
const variants = b2bFiles.flatMap((f) => {
  const r = loadScenarioFile(new URL(f, SCENARIO_DIR).pathname);
  if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.errors)}`);
  return r.variants.map((v) => ({ file: f, scenario: v as Scenario, id: v.id }));
});

const serializeState = (s: AnyMachineSnapshot) =>
  JSON.stringify({ value: s.value, context: words(b2bMfaTrustObserve, ctx(s)) });

function graphOf(s: Scenario) {
  const adj = getAdjacencyMap(b2bMfaTrustMachine, {
    input: s,
    events: (snap) => possibleEvents(snap as AnyMachineSnapshot),
    serializeState: (snap) => serializeState(snap as AnyMachineSnapshot),
    limit: 5_000,
  });
  const nodes = Object.values(adj);
  const edges = nodes.reduce((n, v) => n + Object.keys(v.transitions).length, 0);
  return { nodes, edges };
}

describe('shipped b2b scenarios', () => {
  it('ships the blog caveat 2 scenarios', () => {
    expect(b2bFiles.length).toBeGreaterThanOrEqual(6);
    for (const { scenario } of variants) expect(scenario.flow).toBe('b2bMfaTrust');
  });

  it.each(variants.filter((v) => v.scenario.steps.length > 0).map((v) => [v.id, v.scenario] as const))(
    'scripted walk: %s', (_id, scenario) => {
      const run = runScenario(scenario);
      expect(run.failures).toEqual([]);
      if (scenario.expect.final) expect(run.outcome).toBe(scenario.expect.final);
      if (scenario.expect.audit) expect(run.audit.map(formatAuditRow)).toEqual(scenario.expect.audit);
    },
  );

  it.each(variants.map((v) => [v.id, v.scenario] as const))(
    'getAdjacencyMap terminates with a modest graph: %s', (_id, scenario) => {
      const { nodes, edges } = graphOf(scenario);
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.length).toBeLessThan(100);
      expect(edges).toBeLessThan(200);
      // Only final states are sinks: no screen leaves the guest without a way on.
      for (const { state } of nodes) {
        const snap = state as AnyMachineSnapshot;
        if (snap.status !== 'done') expect(possibleEvents(snap).length, snapshotStateId(snap)).toBeGreaterThan(0);
      }
      const finals = new Set(nodes.map((n) => n.state as AnyMachineSnapshot).filter((s) => s.status === 'done').map(snapshotStateId));
      if (scenario.expect.final) expect([...finals]).toContain(scenario.expect.final);
    },
  );
});
