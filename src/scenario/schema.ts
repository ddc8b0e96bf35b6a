/**
 * The scenario format: one YAML file = one reproducible situation (tenant
 * policy, user, client, variations, expectations). The JSON Schema that
 * editors use (`scenarios/scenario.schema.json`) is generated from this.
 */
import { z } from 'zod';
import { ROLLBACK_DECISIONS, ROLLBACK_REASONS } from '../domain/rollback.ts';
import { DEFAULT_OPTION_IDS } from '../domain/defaultOptions.ts';
import { METHOD_IDS } from '../domain/methods.ts';
import { STRENGTH_IDS } from '../domain/strengths.ts';
// Issue 11 (tenant files, imported tenants): the richer forms live in their own module.
import {
  CaApplications, CaConditions, CaLocations, CaUsers, CrossTenantPartner, MethodTargets, PasskeyProfile,
  KeyRestrictions, POLICY_STATES, RichGrantFields, TemporaryAccessPassSettings, TenantExtensions, UserExtensions,
} from './tenantSchema.ts';

export const FLOWS = ['interrupt', 'manage', 'ssprRefresh', 'b2bMfaTrust', 'passkey'] as const;
export type Flow = (typeof FLOWS)[number];

export const PROFILES = ['observed', 'documented'] as const;
export type Profile = (typeof PROFILES)[number];

export const ADMIN_ROLES = [
  'none', 'globalAdministrator', 'privilegedAuthenticationAdministrator', 'authenticationAdministrator',
  'helpdeskAdministrator', 'passwordAdministrator', 'userAdministrator', 'securityAdministrator',
  'exchangeAdministrator', 'sharePointAdministrator', 'billingAdministrator', 'applicationAdministrator',
] as const;

export const CLIENT_APPS = ['browser', 'windowsApp', 'ie11', 'adalLegacyWebView'] as const;
export const CLIENT_OS = ['windows', 'macos', 'linux', 'ios', 'android'] as const;

const method = z.enum(METHOD_IDS).describe('A security-info method id (see the methods table in README.md)');
const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);

export const AuthenticationMethodsPolicy = strict({
  enabled: z.array(method).describe('MTH-01: methods the Authentication methods policy enables for this user'),
  voiceCalls: z.boolean().default(true).describe('Voice calls enabled; alternate phone needs it (MNG-02)'),
  sms: z.boolean().default(true).describe('Text messages enabled for phone methods'),
  passkey: strict({
    selfServiceSetup: z.boolean().default(true).describe('PK-01: off means users cannot register passkeys'),
    enforceAttestation: z.boolean().default(false).describe('PK-01: read, not simulated (the seeds give it no effect on registration)'),
    keyRestrictions: z.union([z.boolean(), KeyRestrictions]).default(false)
      .describe('PK-01: read, not simulated; true/false, or Graph fido2KeyRestrictions'),
    // Issue 11: passkey profiles (fido2AuthenticationMethodConfiguration.passkeyProfiles), read, not simulated.
    profiles: z.array(PasskeyProfile).optional(),
  }).prefault({}).describe('PK-01: passkey (FIDO2) policy settings'),
  // Issue 11: per-method targets and the Temporary Access Pass settings.
  targets: MethodTargets.optional(),
  temporaryAccessPass: TemporaryAccessPassSettings.prefault({}),
});

export const SsprPolicy = strict({
  enabledFor: z.enum(['none', 'selected', 'all']).default('none').describe('SSPR-01'),
  // Issue 11: the selected group(s) (the portal's passwordResetEnabledGroupIds); user.groups decides membership.
  groups: z.array(z.string().min(1)).optional().describe('SSPR-01: the selected group ids or names; overrides user.inSsprGroup'),
  methodsRequired: z.union([z.literal(1), z.literal(2)]).default(1).describe('SSPR-01: methods required to reset'),
  methods: z.array(method).optional().describe('Methods SSPR allows; default: every enabled SSPR-capable method'),
  requireRegistration: z.boolean().default(false).describe('SSPR-02: require users to register when signing in'),
  reconfirmDays: z.number().int().min(0).default(180).describe('REF-01: days before users must reconfirm; 0 = never'),
  securityQuestions: strict({
    toRegister: z.number().int().min(3).max(5).default(3),
    toReset: z.number().int().min(3).max(5).default(3),
  }).prefault({}).describe('SSPR-03 [A]: 3 to 5 each'),
});

export const ConditionalAccessPolicy = strict({
  name: z.string().min(1),
  // Issue 11: the Graph policy id, and users as Graph's conditionalAccessUsers (include / exclude).
  id: z.string().optional(),
  users: z.union([z.enum(['all', 'members', 'guests']), CaUsers]).default('all')
    .describe('all | members | guests, or { include, exclude } with users, groups, roles and guest types'),
  target: z.enum(['allResources', 'registerSecurityInfo']).default('allResources')
    .describe('allResources: a resource needs the grant; registerSecurityInfo: the user action (GATE-02)'),
  grant: z.union([
    z.enum(['mfa', 'block']),
    strict({
      authenticationStrength: z.string().min(1).optional()
        .describe(`${STRENGTH_IDS.join('|')}, or the id or name of one of tenant.authenticationStrengths`),
      ...RichGrantFields,
    }),
  ]).describe('mfa (legacy "require MFA"), block, or { authenticationStrength: multifactor|passwordless|phishingResistant }, or Graph grantControls: { operator, builtInControls, authenticationStrength }'),
  exceptTrustedLocations: z.boolean().default(false)
    .describe('GATE-02: the policy does not apply from a trusted location'),
  enabled: z.boolean().default(true),
  // Issue 11: Graph's state, applications (with user actions), locations and the other conditions.
  state: z.enum(POLICY_STATES).optional()
    .describe('enabled | disabled | enabledForReportingButNotEnforced (report-only: evaluated, never enforced); overrides enabled'),
  applications: CaApplications.optional().describe('Graph conditionalAccessApplications; replaces target'),
  locations: CaLocations.optional().describe('Graph conditionalAccessLocations; replaces exceptTrustedLocations'),
  conditions: CaConditions.optional(),
});

const TenantCore = {
  name: z.string().default('contoso'),
  authenticationMethods: AuthenticationMethodsPolicy,
  sspr: SsprPolicy.prefault({}),
  mfaRegistration: strict({
    identityProtection: z.boolean().default(false).describe('INT-01: Identity Protection MFA registration policy'),
  }).prefault({}),
  conditionalAccess: z.array(ConditionalAccessPolicy).default([]),
  crossTenant: strict({
    trustMfa: z.boolean().default(false).describe('B2B-01: inbound trust of home-tenant MFA'),
    // Issue 11: per-partner inbound trust (crossTenantAccessPolicyConfigurationPartner).
    partners: z.array(CrossTenantPartner).default([]),
  }).prefault({}),
  combinedRegistration: z.boolean().default(true).describe('ADM-01: combined registration enabled; false sends users to the legacy registration pages'),
  // Issue 11: what imported tenants carry besides the policies.
  ...TenantExtensions,
};

export const Tenant = strict({
  ...TenantCore,
  propagation: strict({
    changedMinutesAgo: z.number().min(0).describe('GATE-04: minutes since the policy was last saved'),
    windowMinutes: z.number().min(0).default(60).describe('GATE-04 [A]: how long a change takes to propagate'),
    previous: strict({
      authenticationMethods: AuthenticationMethodsPolicy.optional(),
      sspr: SsprPolicy.optional(),
      conditionalAccess: z.array(ConditionalAccessPolicy).optional(),
    }).describe('The policy users still see until the window passes'),
  }).optional(),
});

export const RegisteredMethod = z.union([
  method,
  strict({
    method,
    count: z.number().int().min(1).default(1).describe('How many of this method (MTH-02 max)'),
    virtual: z.boolean().default(false).describe('MTH-06: a virtual phone number'),
    passwordless: z.boolean().optional()
      .describe('Microsoft Authenticator only: the user also enabled passwordless (phone) sign-in in the app, which the Passwordless MFA strength asks for (deviceBasedPush)'),
  }),
]);

// ─── default sign-in options (MTH-04) ───────────────────────────────────────

const defaultOption = z.enum(DEFAULT_OPTION_IDS).describe('A default sign-in option (MTH-04)');

/** MTH-04: a default as a scenario writes it — an option, or a method id with a single option. */
export const DefaultSignIn = z.union([defaultOption, method]).nullable()
  .describe('MTH-04: the default sign-in option: authenticatorNotification, appOrTokenCode, mobilePhoneCall, mobilePhoneText, officePhoneCall, alternateMobilePhoneCall; or a method that gives one option only (softwareOath, hardwareOath, officePhone, alternateMobilePhone)');

export const HomeTenant = strict({
  ...TenantCore,
  methods: z.array(RegisteredMethod).default([]).describe("The guest's methods in the home tenant"),
  tap: z.boolean().default(false).describe('A Temporary Access Pass issued in the home tenant'),
});

export const User = strict({
  name: z.string().default('adele'),
  type: z.enum(['member', 'guest']).default('member'),
  adminRole: z.enum(ADMIN_ROLES).default('none').describe('SSPR-05: admins get the administrator SSPR policy'),
  inSsprGroup: z.boolean().default(true).describe('Member of the SSPR "selected" group'),
  businessPhone: z.string().nullable().default(null).describe('INT-12: office phone in interrupt mode needs it'),
  perUserMfa: z.enum(['disabled', 'enabled', 'enforced']).default('disabled'),
  methods: z.array(RegisteredMethod).default([]).describe('Methods already registered'),
  defaultMethod: DefaultSignIn.default(null),
  tap: z.boolean().default(false).describe('GATE-01: a valid Temporary Access Pass'),
  lastReviewedDaysAgo: z.number().int().min(0).nullable().default(null).describe('REF-01'),
  homeMfaClaim: z.union([z.boolean(), method]).default(false)
    .describe('B2B-01: the session carries a home-tenant MFA claim: the method the guest used at home, or true for any method held there'),
  rolledBack: z.boolean().default(false).describe('ADM-02: an admin ran the rollback script for this user'),
  home: HomeTenant.optional().describe('B2B: the home tenant of a guest'),
  // Issue 11: who the user is in the directory (targets and conditions match these).
  ...UserExtensions,
});

export const Client = strict({
  app: z.enum(CLIENT_APPS).default('browser'),
  os: z.enum(CLIENT_OS).default('windows'),
  privateWindow: z.boolean().default(false).describe('PK-05: WebAuthn fails in a private window'),
  // Issue 11: device state, which a Conditional Access grant with operator OR can accept instead of MFA.
  compliantDevice: z.boolean().optional().describe('The device is marked compliant (grant control compliantDevice)'),
  domainJoinedDevice: z.boolean().optional().describe('The device is Microsoft Entra hybrid joined (grant control domainJoinedDevice)'),
});

const stateId = z.string().min(1);

// ─── expectations that can say no: list forms, patterns, refused steps ──────

/**
 * A list expectation: a bare list is the whole list, in order; `{ includes }`
 * names members that must be there, `{ excludes }` members that must not
 * (the two combine), `{ exactly }` is the bare list spelt out.
 */
export const listMatch = <T extends z.ZodType>(item: T, bare: string) => z.union([
  z.array(item).describe(bare),
  strict({
    includes: z.array(item).optional().describe('Each of these is in the list, in any order'),
    excludes: z.array(item).optional().describe('None of these is in the list'),
    exactly: z.array(item).optional().describe('The list is exactly this, in order (the same as a bare list)'),
  }).refine((m) => m.includes !== undefined || m.excludes !== undefined || m.exactly !== undefined, {
    message: 'write includes, excludes or exactly (a list of values)',
  }).refine((m) => m.exactly === undefined || (m.includes === undefined && m.excludes === undefined), {
    message: 'exactly already says the whole list; drop includes and excludes, or drop exactly',
  }),
]);
export type ListMatch<T> = T[] | { includes?: T[]; excludes?: T[]; exactly?: T[] };

/** A URL, null for none, or `{ pattern }`: a regular expression the URL must match. */
const urlMatch = z.union([
  z.string(),
  z.null(),
  strict({ pattern: z.string().min(1).describe('A regular expression (JavaScript syntax) the URL must match') }),
]);

/** What a user can pick on a screen: methods, or default sign-in options in "Change default". */
const choice = z.union([method, z.enum(DEFAULT_OPTION_IDS)]);

export const Expectations = strict({
  interrupted: z.boolean().optional(),
  trigger: z.string().nullable().optional(),
  wizard: z.string().optional(),
  gate: z.string().optional(),
  offered: listMatch(method, 'Methods shown by default, one per step, in order').optional().describe('INT-04: the method each step opens on'),
  choices: listMatch(method, 'Every method the whole wizard lets the user pick, most secure first').optional()
    .describe("INT-07: the whole wizard's pool, every step together; firstChoices is the first step's"),
  firstChoices: listMatch(method, 'The methods the first step lets the user pick, most secure first').optional()
    .describe('INT-05, INT-07: what the first step offers (with MFA needed, MFA methods only)'),
  required: z.number().int().min(0).optional(),
  skippable: z.boolean().optional(),
  url: urlMatch.optional().describe('The wizard URL, null for none, or { pattern: regular expression }'),
  addable: listMatch(method, 'Manage mode: the Add list, in page order').optional().describe('Manage mode: methods the Add list offers'),
  rollback: z.enum(ROLLBACK_DECISIONS).optional().describe('ADM-02: eligible (the script resets StrongAuthenticationMethods) or notEligible ("No action required")'),
  rollbackReason: z.enum(ROLLBACK_REASONS).optional().describe('ADM-02: why not eligible: perUserMfa (relying party "*") or noStrongAuthenticationMethods'),
  default: z.enum(DEFAULT_OPTION_IDS).nullable().optional()
    .describe('MTH-04: the default sign-in option at the end of the walk (the Security info page shown, or the wizard review, INT-09); null for none'),
  listed: listMatch(method, 'The methods listed where the walk ends, in their order').optional()
    .describe('The methods the screen where the walk ends lists: the Security info page (MNG-01), the SSPR review (REF-01: MFA first), or the methods set up in the wizard (INT-09)'),
  final: stateId.optional().describe('Final state of the scripted walk'),
  visits: listMatch(stateId, 'States the walk enters, in order (states passed through without an event included; a state id matches its descendants)').optional(),
  audit: listMatch(z.string(), 'Audit rows, "Activity | Status | Reason", exactly, in order').optional().describe('Audit rows, "Activity | Status | Reason"'),
  screens: listMatch(z.string(), 'Texts the walk shows verbatim, in order (e.g. the passkey error)').optional(),
  reachable: z.array(stateId).optional(),
  unreachable: z.array(stateId).optional(),
});

/** What a step checks in the state it reaches: the state, and what the user can pick there. */
export const StepExpect = strict({
  state: stateId.optional().describe('State reached after the event (a state id matches its descendants)'),
  choices: listMatch(choice, 'What the user can pick in the state reached: the methods (or default options) its SELECT events accept').optional()
    .describe('INT-05, INT-07, MNG-02, MNG-05: the picks the screen reached offers'),
  listed: listMatch(method, 'The methods the screen reached lists, in their order').optional()
    .describe('The methods the screen reached lists: the Security info page, the SSPR review (REF-01: MFA first), the methods set up in the wizard (INT-09)'),
});

export const Step = z.union([
  z.string().min(1).describe('An event type with no payload'),
  strict({
    send: z.string().min(1).describe('Event type'),
    method: method.optional().describe('The method SELECT_METHOD, CHANGE and DELETE name'),
    option: z.enum(DEFAULT_OPTION_IDS).optional().describe('The default sign-in option SELECT_DEFAULT names (MTH-04)'),
    expect: z.union([stateId, StepExpect]).optional().describe('State reached after the event, or { state, choices }'),
    refused: z.boolean().optional()
      .describe('true: the event must not be possible here; the step passes when it is refused, and the walk goes on from the same state'),
  }),
]);

const matrixValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const Scenario = strict({
  name: z.string().min(1).describe('What the scenario reproduces, in a few words'),
  description: z.string().default(''),
  sources: strict({
    seeds: z.array(z.string()).default([]).describe('Seed documents the scenario is drawn from'),
    rules: z.array(z.string()).default([]).describe('Rule IDs it reproduces, e.g. INT-04'),
  }).prefault({}),
  flow: z.enum(FLOWS).default('interrupt').describe('Which machine runs the scenario'),
  profile: z.enum(PROFILES).default('observed')
    .describe('observed: behaviour seen in a real tenant in 2025; documented: as Microsoft Learn describes it'),
  tenant: Tenant.describe('The resource tenant: authentication methods, SSPR, Conditional Access, trust'),
  user: User.prefault({}).describe('The user signing in'),
  client: Client.prefault({}).describe('The app and OS the user signs in with'),
  location: z.union([z.enum(['trusted', 'untrusted']), z.string().min(1)]).default('trusted')
    .describe('GATE-02: network location of the sign-in: trusted, untrusted, or the id or name of one of tenant.namedLocations'),
  // Issue 11: the application the user signs in to, for Conditional Access policies that name applications.
  application: z.string().min(1).optional()
    .describe('An application id or name; without it the user opens an app that no policy names'),
  matrix: z.record(z.string(), z.array(matrixValue).min(1)).optional()
    .describe('Dotted path → values; the scenario expands to the cartesian product'),
  expect: Expectations.prefault({}).describe('What the simulation must produce'),
  expectWhen: z.array(strict({
    when: z.record(z.string(), matrixValue),
    expect: Expectations,
  })).default([]).describe('Expectations for the matrix variations that match `when`'),
  steps: z.array(Step).default([]).describe('An optional scripted walk: events, with the state each reaches'),
});

/**
 * Issue 11: a scenario as written on disk, whose tenant may be the path of a
 * tenant file (relative to the scenario). The loader replaces the path by the
 * file's tenant before validating against `Scenario`; this form is what the
 * JSON Schema for editors describes.
 */
export const ScenarioFile = Scenario.extend({
  tenant: z.union([
    z.string().min(1).describe('Path of a tenant file (*.tenant.yaml), relative to this scenario'),
    Tenant,
  ]).describe('The resource tenant, inline or the path of a tenant file'),
});

export type ScenarioInput = z.input<typeof Scenario>;
export type Scenario = z.output<typeof Scenario>;
export type Tenant = z.output<typeof Tenant>;
export type HomeTenant = z.output<typeof HomeTenant>;
export type User = z.output<typeof User>;
export type Client = z.output<typeof Client>;
export type Expectations = z.output<typeof Expectations>;
export type Step = z.output<typeof Step>;
export type StepExpect = z.output<typeof StepExpect>;
export type ConditionalAccessPolicy = z.output<typeof ConditionalAccessPolicy>;
export type SsprPolicy = z.output<typeof SsprPolicy>;
export type AuthenticationMethodsPolicy = z.output<typeof AuthenticationMethodsPolicy>;
export type RegisteredMethod = z.output<typeof RegisteredMethod>;
