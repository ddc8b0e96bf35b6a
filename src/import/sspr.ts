/**
 * SSPR has no public Graph API. Its policy comes from the admin portal's
 * password reset policy JSON (the `PasswordResetPolicies` response the Entra
 * admin center loads; `registrationReconfirmIntevalInDays` is the portal's
 * spelling) → `tenant.sspr` (SSPR-01..03, REF-01). Without that file the
 * tenant file says SSPR is off and the importer tells you to write it by hand.
 * With the Authentication methods policy migrated (`migrationComplete`), that
 * policy decides the SSPR methods and the portal's method flags are ignored.
 */
import type { MethodId } from '../domain/methods.ts';
import { ImportContext, isObject, strings } from './context.ts';
import type { Item } from './sources.ts';

export interface SsprImport {
  sspr: Record<string, unknown> | undefined;
  /** Security questions: only the SSPR policy can enable them. */
  securityQuestions: boolean;
  /** Methods the legacy SSPR policy enables (used while the methods policy is not yet migrated). */
  legacyMethods: MethodId[];
  groupNames: Record<string, string>;
}

/** The portal's per-method flags. */
const FLAGS: Array<[string, MethodId]> = [
  ['mobileAppNotificationEnabled', 'microsoftAuthenticator'], ['mobileAppCodeEnabled', 'microsoftAuthenticator'],
  ['mobilePhoneOptionEnabled', 'mobilePhone'], ['officePhoneOptionEnabled', 'officePhone'],
  ['emailOptionEnabled', 'email'], ['securityQuestionsOptionEnabled', 'securityQuestions'],
];

const NOT_SIMULATED: Record<string, string> = {
  skipRegistrationAllowed: 'the seeds let SSPR-only registration be skipped indefinitely (INT-03); a limit in days is not modelled',
  skipRegistrationMaxAllowedDays: 'the seeds let SSPR-only registration be skipped indefinitely (INT-03); a limit in days is not modelled',
  notifyUsersOnPasswordReset: 'notifications after a reset, not registration',
  notifyOnAdminPasswordReset: 'notifications after a reset, not registration',
  customizeHelpdeskLink: 'the reset page\'s help link, not registration',
  registrationConditionalAccessPolicies: 'legacy field; Conditional Access on the user action comes from the CA policies',
};

export function importSspr(items: readonly Item[], ctx: ImportContext, migrated: boolean): SsprImport {
  const item = items.find((i) => i.kind === 'passwordReset');
  if (!item) return { sspr: undefined, securityQuestions: false, legacyMethods: [], groupNames: {} };
  const v = item.value;
  const sspr: Record<string, unknown> = {};
  const type = v.enablementType;
  const enabledFor = type === 2 || type === 'all' ? 'all' : type === 1 || type === 'selected' ? 'selected' : type === 0 || type === 'none' ? 'none' : undefined;
  if (enabledFor === undefined) ctx.invalid(item, ['enablementType'], `${JSON.stringify(type)} is not a valid enablementType; expected 0 (none), 1 (selected) or 2 (all)`);
  else { sspr.enabledFor = enabledFor; ctx.comment(['sspr', 'enabledFor'], `PasswordResetPolicies.enablementType: ${String(type)} (SSPR-01)`); }
  const groups = strings(v.passwordResetEnabledGroupIds);
  const groupNames: Record<string, string> = {};
  if (enabledFor === 'selected' && groups.length) {
    sspr.groups = groups;
    ctx.comment(['sspr', 'groups'], 'PasswordResetPolicies.passwordResetEnabledGroupIds (SSPR-01)');
    if (groups.length === 1 && typeof v.passwordResetEnabledGroupName === 'string' && v.passwordResetEnabledGroupName) groupNames[groups[0]!] = v.passwordResetEnabledGroupName.trim();
  }
  const n = v.numberOfAuthenticationMethodsRequired;
  if (n === 1 || n === 2) { sspr.methodsRequired = n; ctx.comment(['sspr', 'methodsRequired'], 'PasswordResetPolicies.numberOfAuthenticationMethodsRequired (SSPR-01)'); }
  else if (n !== undefined) ctx.invalid(item, ['numberOfAuthenticationMethodsRequired'], `${JSON.stringify(n)} is not valid; expected 1 or 2`);
  const required = ctx.flag(item, ['registrationRequiredOnSignIn'], v.registrationRequiredOnSignIn, 'registrationRequiredOnSignIn');
  if (required !== undefined) { sspr.requireRegistration = required; ctx.comment(['sspr', 'requireRegistration'], 'PasswordResetPolicies.registrationRequiredOnSignIn (SSPR-02)'); }
  if (typeof v.registrationReconfirmIntevalInDays === 'number') { sspr.reconfirmDays = v.registrationReconfirmIntevalInDays; ctx.comment(['sspr', 'reconfirmDays'], 'PasswordResetPolicies.registrationReconfirmIntevalInDays (REF-01)'); }
  const toRegister = v.numberOfQuestionsToRegister;
  const toReset = v.numberOfQuestionsToReset;
  if (typeof toRegister === 'number' || typeof toReset === 'number') {
    sspr.securityQuestions = { ...(typeof toRegister === 'number' ? { toRegister } : {}), ...(typeof toReset === 'number' ? { toReset } : {}) };
    ctx.comment(['sspr', 'securityQuestions'], 'PasswordResetPolicies.numberOfQuestionsToRegister / numberOfQuestionsToReset (SSPR-03)');
  }
  const legacyMethods = [...new Set(FLAGS.filter(([flag]) => v[flag] === true).map(([, m]) => m))];
  if (migrated) {
    for (const [flag] of FLAGS) {
      if (typeof v[flag] === 'boolean' && flag !== 'securityQuestionsOptionEnabled') ctx.note(item, [flag], 'notSimulated', `PasswordResetPolicies.${flag}`, 'the Authentication methods policy is migrated (migrationComplete): it decides the SSPR methods', v[flag]);
    }
  } else if (legacyMethods.length) {
    sspr.methods = legacyMethods;
    ctx.comment(['sspr', 'methods'], 'PasswordResetPolicies.*OptionEnabled / mobileApp*Enabled');
  }
  for (const [prop, why] of Object.entries(NOT_SIMULATED)) {
    if (v[prop] !== undefined && v[prop] !== null && !(Array.isArray(v[prop]) && !(v[prop] as unknown[]).length) && v[prop] !== false) ctx.note(item, [prop], 'notSimulated', `PasswordResetPolicies.${prop}`, why, v[prop]);
  }
  if (isObject(v) && Array.isArray(v.securityQuestions) && v.securityQuestions.length) ctx.note(item, ['securityQuestions'], 'notSimulated', 'PasswordResetPolicies.securityQuestions', 'the question texts; regsim counts questions (SSPR-03)', v.securityQuestions.length);
  return { sspr, securityQuestions: v.securityQuestionsOptionEnabled === true, legacyMethods, groupNames };
}
