/**
 * Manage mode (MNG-*): what the Security info page lets a user add, change,
 * delete and make default, and why a method is missing from the Add list.
 */
import { METHODS, METHOD_IDS, canBeDefault, sortBySecurity, type MethodId } from './methods.ts';
import { atMax, effectiveTenant } from './policy.ts';
import type { RuleId } from './rules.ts';
import type { RegisteredMethod, Scenario } from '../scenario/schema.ts';

export interface NotAddable {
  method: MethodId;
  rules: RuleId[];
  /** MNG-07: the cause a troubleshooter looks for. */
  cause: 'notEnabled' | 'notPropagated' | 'atMax' | 'voiceCallsOff' | 'notPerUserMfa' | 'selfServiceOff' | 'adminOnly';
  text: string;
}

export interface AddList {
  addable: MethodId[];
  missing: NotAddable[];
}

/** MNG-02, MNG-07, MTH-01, MTH-02, GATE-04, PK-01: the Add method list. */
export function addList(scenario: Scenario, held: readonly RegisteredMethod[]): AddList {
  const { tenant, pending } = effectiveTenant(scenario.tenant);
  const now = scenario.tenant.authenticationMethods.enabled;
  const policy = tenant.authenticationMethods;
  const addable: MethodId[] = [];
  const missing: NotAddable[] = [];
  const miss = (method: MethodId, cause: NotAddable['cause'], rules: RuleId[], text: string) =>
    missing.push({ method, cause, rules, text });
  for (const m of METHOD_IDS) {
    const info = METHODS[m];
    if (info.registerManage === 'no') { if (info.adminProvisioned) miss(m, 'adminOnly', ['MNG-02'], `${info.label} is provisioned by an admin`); continue; }
    if (!policy.enabled.includes(m)) {
      if (pending && now.includes(m)) miss(m, 'notPropagated', ['MNG-07', 'GATE-04'], `${info.label} was enabled ${scenario.tenant.propagation?.changedMinutesAgo} min ago; wait 1-2 hours`);
      else miss(m, 'notEnabled', ['MNG-07', 'MTH-01'], `${info.label} is not enabled in the Authentication methods policy`);
      continue;
    }
    if (atMax(held, m)) { miss(m, 'atMax', ['MNG-07', 'MTH-02'], `already at the maximum of ${info.max} for ${info.label}`); continue; }
    if (info.registerManage === 'ifVoiceCalls' && !policy.voiceCalls) { miss(m, 'voiceCallsOff', ['MNG-02'], 'alternate phone needs voice calls enabled'); continue; }
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
/** MNG-05, MTH-04: methods that may become the default, except the current one. */
export const defaultChoices = (held: readonly MethodId[], current: MethodId | null): MethodId[] =>
  held.filter((m) => canBeDefault(m) && m !== current);

/** MNG-06: the Security info URL for a directory. */
export const securityInfoUrl = (tenant?: string): string =>
  `https://mysignins.microsoft.com/security-info${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`;
