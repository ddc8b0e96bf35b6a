/**
 * Property: every DOMAIN invariant holds on every reachable state and
 * transition of scenarios nobody wrote by hand. A seeded generator draws
 * tenants, users and clients across all five flows (the shipped scenarios
 * only cover the situations someone thought of); `regsim check` must find
 * no violation. Seeded, so a failure names a scenario that reproduces.
 */
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../src/check/checker.ts';
import { METHOD_IDS, type MethodId } from '../src/domain/methods.ts';
import { seededRandom } from '../src/paths/cover.ts';
import { GraphTooLarge } from '../src/paths/graph.ts';
import { Scenario, type ScenarioInput } from '../src/scenario/schema.ts';

const FLOWS = ['interrupt', 'manage', 'ssprRefresh', 'b2bMfaTrust', 'passkey'] as const;
/** Hardware tokens and app passwords are admin-issued or per-user-MFA only: left to the shipped scenarios. */
const METHODS = METHOD_IDS.filter((m) => m !== 'hardwareOath' && m !== 'appPassword');
const PER_SEED = 50;
const MAX_STATES = 20_000;

function randomScenarios(seed: number, n: number): ScenarioInput[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => rnd() < p);
  const sspr = () => ({ enabledFor: pick(['none', 'all', 'selected'] as const), methodsRequired: pick([1, 2] as const), requireRegistration: rnd() < 0.5, reconfirmDays: pick([0, 90]) });
  const ca = () => some([
    { name: 'resources', users: pick(['all', 'guests', 'members'] as const), grant: pick(['mfa', 'block', { authenticationStrength: pick(['multifactor', 'passwordless', 'phishingResistant'] as const) }] as const) },
    { name: 'register security info', users: pick(['all', 'guests'] as const), target: 'registerSecurityInfo' as const, grant: pick(['mfa', 'block'] as const), exceptTrustedLocations: rnd() < 0.5 },
  ], 0.5);
  const held = (enabled: readonly MethodId[]) =>
    some(enabled, 0.3).map((m) => (m === 'microsoftAuthenticator' && rnd() < 0.5 ? { method: m, passwordless: true } : m));
  return Array.from({ length: n }, (_, i) => {
    const flow = pick(FLOWS);
    const enabled = some(METHODS, 0.4);
    const homeEnabled = some(METHODS, 0.4);
    return {
      name: `random ${seed}.${i}`, flow, profile: pick(['observed', 'documented'] as const),
      tenant: {
        authenticationMethods: { enabled, voiceCalls: rnd() < 0.7, passkey: { selfServiceSetup: rnd() < 0.8 } },
        sspr: sspr(), mfaRegistration: { identityProtection: rnd() < 0.3 }, conditionalAccess: ca(),
        crossTenant: { trustMfa: rnd() < 0.5 }, combinedRegistration: rnd() < 0.8,
      },
      user: {
        type: flow === 'b2bMfaTrust' ? 'guest' : pick(['member', 'member', 'guest'] as const),
        adminRole: pick(['none', 'none', 'globalAdministrator'] as const), businessPhone: rnd() < 0.5 ? '+1 425 555 0100' : null,
        perUserMfa: pick(['disabled', 'enabled', 'enforced'] as const), rolledBack: rnd() < 0.2, methods: held(enabled), tap: rnd() < 0.3,
        lastReviewedDaysAgo: pick([null, 10, 200]), homeMfaClaim: rnd() < 0.5 && (rnd() < 0.5 || pick<MethodId | true>(homeEnabled.length ? homeEnabled : [true])),
        ...(flow === 'b2bMfaTrust'
          ? { home: { authenticationMethods: { enabled: homeEnabled }, sspr: sspr(), conditionalAccess: ca(), methods: held(homeEnabled), tap: rnd() < 0.3, combinedRegistration: rnd() < 0.8 } }
          : {}),
      },
      client: { app: pick(['browser', 'browser', 'windowsApp', 'ie11'] as const), os: pick(['windows', 'macos'] as const), privateWindow: rnd() < 0.2 },
      location: pick(['trusted', 'untrusted'] as const),
    } as ScenarioInput;
  });
}

describe('every invariant holds on random scenarios', () => {
  it.each([1, 2, 3, 4])(`seed %i: ${PER_SEED} scenarios across the five flows, no violation`, (seed) => {
    let checked = 0;
    for (const input of randomScenarios(seed, PER_SEED)) {
      const scenario = Scenario.parse(input);
      let result;
      try {
        result = checkScenario('(random)', scenario, { maxStates: MAX_STATES });
      } catch (e) {
        if (e instanceof GraphTooLarge) continue;
        throw e;
      }
      checked++;
      expect(result.violations.map((v) => `${v.invariant} at ${v.state}: ${v.message}`), JSON.stringify(input)).toEqual([]);
    }
    // Most draws are small enough to check whole.
    expect(checked).toBeGreaterThan(PER_SEED * 0.8);
  });
});
