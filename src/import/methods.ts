/**
 * The Authentication methods policy (Graph authenticationMethodsPolicy and
 * its authenticationMethodConfigurations) → `tenant.authenticationMethods`.
 * Each configuration's `state` and include / exclude targets decide who has
 * the method (MTH-01); the passkey settings feed PK-01, the TAP's
 * `isUsableOnce` STR-03. What the seeds give no effect on registration is
 * kept in the report as read, not simulated.
 */
import type { MethodId } from '../domain/methods.ts';
import { ImportContext, isObject, present, strings } from './context.ts';
import type { JsonPath } from './json.ts';
import type { Item } from './sources.ts';

type Audience = { all?: true; groups?: string[]; users?: string[] };
type Target = { include: Audience; exclude?: Audience };

export interface MethodsImport {
  enabled: MethodId[];
  sms: boolean;
  voiceCalls: boolean;
  passkey: Record<string, unknown>;
  temporaryAccessPass: Record<string, unknown>;
  targets: Record<string, Target>;
  migrationState: string | undefined;
  /** Graph's reconfirmationInDays on the policy (REF-01), when it has one. */
  reconfirmationInDays: number | undefined;
}

/** Graph method configuration ids regsim simulates, lower-cased. */
const KNOWN = ['fido2', 'microsoftauthenticator', 'sms', 'voice', 'email', 'softwareoath', 'hardwareoath', 'temporaryaccesspass', 'x509certificate'] as const;
type Known = (typeof KNOWN)[number];

/** The configuration's id, from `id` or, failing that, its `@odata.type`. */
function configId(o: Record<string, unknown>): string {
  if (typeof o.id === 'string') return o.id;
  const type = typeof o['@odata.type'] === 'string' ? (o['@odata.type'] as string) : '';
  return type.replace(/^#?microsoft\.graph\./, '').replace(/AuthenticationMethodConfiguration$/, '');
}

function audience(item: Item, path: JsonPath, ctx: ImportContext, list: unknown): Audience {
  const a: Audience = {};
  (Array.isArray(list) ? list : []).forEach((t, i) => {
    if (!isObject(t)) return;
    const id = typeof t.id === 'string' ? t.id : '';
    const type = ctx.oneOf(item, [...path, i, 'targetType'], t.targetType, ['group', 'user'] as const, 'targetType');
    if (type === 'group' && id === 'all_users') a.all = true;
    else if (type === 'group') (a.groups ??= []).push(id);
    else if (type === 'user') (a.users ??= []).push(id);
    if (t.isRegistrationRequired === true) ctx.note(item, [...path, i, 'isRegistrationRequired'], 'notSimulated', `${configId(item.value)}.includeTargets[].isRegistrationRequired`, 'the legacy "require registration" flag of a target; regsim interrupts by INT-01 triggers only', true);
  });
  return a;
}

const everyone = (t: Target): boolean => t.include.all === true && !t.exclude;

function targetOf(item: Item, ctx: ImportContext): Target {
  const include = audience(item, ['includeTargets'], ctx, item.value.includeTargets);
  const exclude = audience(item, ['excludeTargets'], ctx, item.value.excludeTargets);
  return { include, ...(Object.keys(exclude).length ? { exclude } : {}) };
}

const union = (a: Target, b: Target): Target => ({
  include: a.include.all || b.include.all ? { all: true } : { groups: [...new Set([...(a.include.groups ?? []), ...(b.include.groups ?? [])])], users: [...new Set([...(a.include.users ?? []), ...(b.include.users ?? [])])] },
});

/** Settings of a configuration that have no effect on registration in the seeds. */
const NOT_SIMULATED: Partial<Record<Known, Record<string, string>>> = {
  fido2: {
    isAttestationEnforced: 'PK-01 names the setting; the seeds give it no effect on registration',
    keyRestrictions: 'PK-01 names the setting; the seeds give it no effect on registration (no key model to check AAGUIDs against)',
    passkeyProfiles: 'passkey profiles: the seeds give them no effect on registration',
    defaultPasskeyProfile: 'passkey profiles: the seeds give them no effect on registration',
  },
  microsoftauthenticator: {
    featureSettings: 'number matching and app/location context change the sign-in prompt, not registration',
    isSoftwareOathEnabled: 'OATH codes in the Authenticator app: the wizard offers the app the same way',
  },
  email: { allowExternalIdToUseEmailOtp: 'email one-time passcodes for guests sign in; they do not register security info' },
};

/** Reads every method configuration and the policy object itself. */
export function importMethods(items: readonly Item[], ctx: ImportContext): MethodsImport {
  const out: MethodsImport = {
    enabled: [], sms: false, voiceCalls: false, passkey: {}, temporaryAccessPass: {}, targets: {}, migrationState: undefined, reconfirmationInDays: undefined,
  };
  const configs: Item[] = [];
  for (const item of items) {
    if (item.kind === 'methodsPolicy') {
      readPolicy(item, ctx, out);
      (Array.isArray(item.value.authenticationMethodConfigurations) ? item.value.authenticationMethodConfigurations : []).forEach((c, i) => {
        if (isObject(c)) configs.push({ ...item, kind: 'methodConfig', path: [...item.path, 'authenticationMethodConfigurations', i], value: c });
      });
    } else if (item.kind === 'methodConfig') configs.push(item);
  }
  const byId = new Map<Known, { item: Item; enabled: boolean; target: Target }>();
  for (const item of configs) {
    const id = configId(item.value);
    const known = KNOWN.find((k) => k === id.toLowerCase());
    if (!known) {
      ctx.note(item, ['id'], 'skipped', `authenticationMethodConfigurations: ${id || '(no id)'}`, `a method regsim does not know (${String(item.value['@odata.type'] ?? 'no @odata.type')}): reported and skipped`, item.value.state);
      continue;
    }
    const state = ctx.oneOf(item, ['state'], item.value.state, ['enabled', 'disabled'] as const, 'method state');
    byId.set(known, { item, enabled: state === 'enabled', target: targetOf(item, ctx) });
    for (const [prop, why] of Object.entries(NOT_SIMULATED[known] ?? {})) {
      if (present(item.value[prop])) ctx.note(item, [prop], 'notSimulated', `${id}.${prop}`, why, item.value[prop]);
    }
  }
  const on = (k: Known) => byId.get(k)?.enabled === true;
  const use = (m: MethodId, k: Known, target: Target | undefined, source: string) => {
    if (!out.enabled.includes(m)) out.enabled.push(m);
    ctx.comment(['authenticationMethods', 'enabled', m], source);
    if (target && !everyone(target)) out.targets[m] = target;
  };
  const target = (k: Known) => byId.get(k)?.target;
  if (on('microsoftauthenticator')) use('microsoftAuthenticator', 'microsoftauthenticator', target('microsoftauthenticator'), 'MicrosoftAuthenticator.state: enabled');
  if (on('softwareoath')) use('softwareOath', 'softwareoath', target('softwareoath'), 'SoftwareOath.state: enabled');
  if (on('hardwareoath')) use('hardwareOath', 'hardwareoath', target('hardwareoath'), 'HardwareOath.state: enabled');
  if (on('email')) use('email', 'email', target('email'), 'Email.state: enabled');
  if (on('temporaryaccesspass')) use('temporaryAccessPass', 'temporaryaccesspass', target('temporaryaccesspass'), 'TemporaryAccessPass.state: enabled');
  if (on('fido2')) use('fido2', 'fido2', target('fido2'), 'Fido2.state: enabled');
  // A phone carries text messages (Sms) and calls (Voice); alternate and office phones are calls only (MNG-02).
  const sms = on('sms') ? target('sms') : undefined;
  const voice = on('voice') ? target('voice') : undefined;
  out.sms = sms !== undefined;
  out.voiceCalls = voice !== undefined;
  ctx.comment(['authenticationMethods', 'sms'], `Sms.state: ${on('sms') ? 'enabled' : byId.has('sms') ? 'disabled' : 'absent'}`);
  ctx.comment(['authenticationMethods', 'voiceCalls'], `Voice.state: ${on('voice') ? 'enabled' : byId.has('voice') ? 'disabled' : 'absent'}`);
  if (sms || voice) {
    use('mobilePhone', 'sms', sms && voice ? union(sms, voice) : (sms ?? voice), [sms && 'Sms.state: enabled', voice && 'Voice.state: enabled'].filter(Boolean).join(', '));
    if (sms && voice && !everyone(sms) && JSON.stringify(sms) !== JSON.stringify(voice)) { out.targets.sms = sms; out.targets.voiceCalls = voice; }
    else if (sms && voice && everyone(sms) !== everyone(voice)) { if (!everyone(sms)) out.targets.sms = sms; if (!everyone(voice)) out.targets.voiceCalls = voice; }
  }
  if (voice) {
    use('alternateMobilePhone', 'voice', voice, 'Voice.state: enabled (alternate phone: calls)');
    const voiceItem = byId.get('voice')!.item;
    if (ctx.flag(voiceItem, ['isOfficePhoneAllowed'], voiceItem.value.isOfficePhoneAllowed, 'Voice.isOfficePhoneAllowed') === true) use('officePhone', 'voice', voice, 'Voice.isOfficePhoneAllowed: true');
  }
  for (const m of Object.keys(out.targets)) ctx.comment(['authenticationMethods', 'targets', m], 'includeTargets / excludeTargets');
  readPasskey(byId.get('fido2')?.item, ctx, out);
  readTap(byId.get('temporaryaccesspass')?.item, ctx, out);
  const x509 = byId.get('x509certificate');
  if (x509?.enabled) ctx.note(x509.item, ['state'], 'notSimulated', 'X509Certificate.state', 'certificate-based authentication is not registered in security info', 'enabled');
  const mode = byId.get('microsoftauthenticator')?.item;
  (Array.isArray(mode?.value.includeTargets) ? mode!.value.includeTargets : []).forEach((t, i) => {
    if (isObject(t) && t.authenticationMode !== undefined && t.authenticationMode !== 'any') {
      ctx.note(mode!, ['includeTargets', i, 'authenticationMode'], 'notSimulated', 'MicrosoftAuthenticator.includeTargets[].authenticationMode', 'push-only or passwordless-only Authenticator: the wizard offers the app the same way', t.authenticationMode);
    }
  });
  const smsItem = byId.get('sms')?.item;
  (Array.isArray(smsItem?.value.includeTargets) ? smsItem!.value.includeTargets : []).forEach((t, i) => {
    if (isObject(t) && t.isUsableForSignIn === true) ctx.note(smsItem!, ['includeTargets', i, 'isUsableForSignIn'], 'notSimulated', 'Sms.includeTargets[].isUsableForSignIn', 'SMS as a first factor at sign-in, not registration', true);
  });
  return out;
}

function readPolicy(item: Item, ctx: ImportContext, out: MethodsImport): void {
  const v = item.value;
  if (typeof v.policyMigrationState === 'string') out.migrationState = v.policyMigrationState;
  if (typeof v.reconfirmationInDays === 'number') out.reconfirmationInDays = v.reconfirmationInDays;
  const campaign = isObject(v.registrationEnforcement) ? v.registrationEnforcement.authenticationMethodsRegistrationCampaign : undefined;
  if (isObject(campaign)) {
    ctx.note(item, ['registrationEnforcement', 'authenticationMethodsRegistrationCampaign'], 'notSimulated',
      'registrationEnforcement.authenticationMethodsRegistrationCampaign',
      'the Authenticator registration campaign (a nudge after sign-in) has no rules in the seeds', { state: campaign.state, snoozeDurationInDays: campaign.snoozeDurationInDays });
  }
  for (const prop of ['reportSuspiciousActivitySettings', 'systemCredentialPreferences']) {
    if (present(v[prop])) ctx.note(item, [prop], 'notSimulated', `authenticationMethodsPolicy.${prop}`, 'not part of registration in the seeds', v[prop]);
  }
}

function readPasskey(item: Item | undefined, ctx: ImportContext, out: MethodsImport): void {
  if (!item) return;
  const v = item.value;
  const selfService = ctx.flag(item, ['isSelfServiceRegistrationAllowed'], v.isSelfServiceRegistrationAllowed, 'Fido2.isSelfServiceRegistrationAllowed');
  if (selfService !== undefined) {
    out.passkey.selfServiceSetup = selfService;
    ctx.comment(['authenticationMethods', 'passkey', 'selfServiceSetup'], 'Fido2.isSelfServiceRegistrationAllowed (PK-01)');
  }
  const attestation = ctx.flag(item, ['isAttestationEnforced'], v.isAttestationEnforced, 'Fido2.isAttestationEnforced');
  if (attestation !== undefined) {
    out.passkey.enforceAttestation = attestation;
    ctx.comment(['authenticationMethods', 'passkey', 'enforceAttestation'], 'Fido2.isAttestationEnforced (read, not simulated)');
  }
  const k = v.keyRestrictions;
  if (isObject(k)) {
    out.passkey.keyRestrictions = { isEnforced: k.isEnforced === true, enforcementType: k.enforcementType === 'allow' ? 'allow' : 'block', aaGuids: strings(k.aaGuids) };
    ctx.comment(['authenticationMethods', 'passkey', 'keyRestrictions'], 'Fido2.keyRestrictions (read, not simulated)');
  }
  if (Array.isArray(v.passkeyProfiles) && v.passkeyProfiles.length) {
    out.passkey.profiles = v.passkeyProfiles.filter(isObject).map((p) => ({
      id: String(p.id ?? ''), ...(typeof p.name === 'string' ? { name: p.name } : {}),
      ...(typeof p.attestationEnforcement === 'string' ? { attestationEnforcement: p.attestationEnforcement } : {}),
      ...(typeof p.passkeyTypes === 'string' ? { passkeyTypes: p.passkeyTypes } : {}),
    }));
    ctx.comment(['authenticationMethods', 'passkey', 'profiles'], 'Fido2.passkeyProfiles (read, not simulated)');
  }
}

function readTap(item: Item | undefined, ctx: ImportContext, out: MethodsImport): void {
  if (!item) return;
  const v = item.value;
  const once = ctx.flag(item, ['isUsableOnce'], v.isUsableOnce, 'TemporaryAccessPass.isUsableOnce');
  if (once !== undefined) {
    out.temporaryAccessPass.isUsableOnce = once;
    ctx.comment(['authenticationMethods', 'temporaryAccessPass', 'isUsableOnce'], 'TemporaryAccessPass.isUsableOnce (STR-03: no multi-use TAP bit when true)');
  }
  for (const prop of ['defaultLifetimeInMinutes', 'minimumLifetimeInMinutes', 'maximumLifetimeInMinutes', 'defaultLength']) {
    if (typeof v[prop] !== 'number') continue;
    out.temporaryAccessPass[prop] = v[prop];
    ctx.comment(['authenticationMethods', 'temporaryAccessPass', prop], `TemporaryAccessPass.${prop} (read, not simulated)`);
    const why = prop === 'defaultLength' ? 'regsim never issues a pass, so its length changes no flow' : 'regsim has no clock for a pass to expire on';
    ctx.note(item, [prop], 'notSimulated', `TemporaryAccessPass.${prop}`, why, v[prop]);
  }
}
