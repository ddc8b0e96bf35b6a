/**
 * The parts of the tenant schema that real tenants (and `regsim import`)
 * need beyond the simple forms: per-method targets, directory names, the
 * rich Conditional Access conditions and grant, custom authentication
 * strengths, cross-tenant partners, named locations, TAP settings and what
 * was read but is not simulated. Each mirrors a Microsoft Graph resource; the
 * simple forms in schema.ts stay valid and mean what they always meant.
 */
import { z } from 'zod';

const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);
const ids = z.array(z.string().min(1));

/** authenticationMethodTarget / excludeTarget: `all_users`, groups or users. */
export const MethodAudience = strict({
  all: z.boolean().optional().describe('Every user (Graph: a group target with id all_users)'),
  groups: ids.optional().describe('Group ids or names (resolved through tenant.directory.groups)'),
  users: ids.optional().describe('User ids or names'),
});

export const MethodTarget = strict({
  include: MethodAudience.describe('includeTargets: who the method is enabled for'),
  exclude: MethodAudience.optional().describe('excludeTargets: who it is never enabled for'),
});

/** MTH-01: per-method targets; `sms` and `voiceCalls` narrow the two options of a phone. */
export const METHOD_TARGET_KEYS = [
  'fido2', 'microsoftAuthenticator', 'softwareOath', 'hardwareOath', 'mobilePhone', 'officePhone',
  'alternateMobilePhone', 'email', 'securityQuestions', 'appPassword', 'temporaryAccessPass', 'sms', 'voiceCalls',
] as const;
export type MethodTargetKey = (typeof METHOD_TARGET_KEYS)[number];

export const MethodTargets = z.partialRecord(z.enum(METHOD_TARGET_KEYS), MethodTarget)
  .describe('MTH-01: who each enabled method is enabled for; a method without an entry is enabled for all users');

export const KeyRestrictions = strict({
  isEnforced: z.boolean().default(false),
  enforcementType: z.enum(['allow', 'block']).default('block'),
  aaGuids: z.array(z.string()).default([]),
});

export const PasskeyProfile = strict({
  id: z.string().min(1),
  name: z.string().optional(),
  attestationEnforcement: z.string().optional(),
  passkeyTypes: z.string().optional().describe('Graph passkeyTypes, comma-joined (deviceBound, synced)'),
  keyRestrictions: KeyRestrictions.optional(),
});

export const TemporaryAccessPassSettings = strict({
  isUsableOnce: z.boolean().default(false)
    .describe('STR-03: every pass is one-time, so the wizard\'s bitmask has no multi-use TAP bit'),
  defaultLifetimeInMinutes: z.number().int().optional(),
  minimumLifetimeInMinutes: z.number().int().optional(),
  maximumLifetimeInMinutes: z.number().int().optional(),
  defaultLength: z.number().int().optional(),
}).describe('temporaryAccessPassAuthenticationMethodConfiguration');

/** Guest and external user types, as Graph's conditionalAccessGuestOrExternalUserTypes names them. */
export const GUEST_TYPES = [
  'internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser', 'otherExternalUser', 'serviceProvider',
] as const;
export type GuestType = (typeof GUEST_TYPES)[number];

export const GuestsOrExternalUsers = strict({
  types: z.union([z.string(), z.array(z.enum(GUEST_TYPES))])
    .describe('guestOrExternalUserTypes: one comma-joined string as Graph sends it ("b2bCollaborationGuest,internalGuest"), or a list'),
  tenants: z.union([z.literal('all'), ids]).default('all')
    .describe('externalTenants: all, or the home tenant ids (or names) the condition names'),
});

/** conditionalAccessUsers, include or exclude side. */
export const CaAudience = strict({
  all: z.boolean().optional().describe('includeUsers: [All]'),
  none: z.boolean().optional().describe('includeUsers: [None]'),
  users: ids.optional(),
  groups: ids.optional(),
  roles: ids.optional().describe('Directory role template ids or names'),
  guestsOrExternalUsers: GuestsOrExternalUsers.optional(),
});

export const CaUsers = strict({
  include: CaAudience,
  exclude: CaAudience.optional(),
});

export const CaApplications = strict({
  include: ids.default([]).describe('includeApplications: All, None, Office365, MicrosoftAdminPortals or app ids'),
  exclude: ids.default([]),
  userActions: ids.default([]).describe('includeUserActions, e.g. urn:user:registersecurityinfo (GATE-02)'),
  authenticationContexts: ids.default([]).describe('includeAuthenticationContextClassReferences (read, not simulated)'),
});

export const CaLocations = strict({
  include: ids.default(['All']).describe('All, AllTrusted, or named location ids or names'),
  exclude: ids.default([]),
});

export const PLATFORMS = ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'all'] as const;
export const CLIENT_APP_TYPES = ['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'easSupported', 'other'] as const;

/** Conditions regsim evaluates beyond users, applications and locations (see conditionalAccess.ts). */
export const CaConditions = strict({
  platforms: strict({
    include: z.array(z.enum(PLATFORMS)).default([]),
    exclude: z.array(z.enum(PLATFORMS)).default([]),
  }).optional(),
  clientAppTypes: z.array(z.enum(CLIENT_APP_TYPES)).optional(),
  signInRiskLevels: z.array(z.string()).optional(),
  userRiskLevels: z.array(z.string()).optional(),
});

export const GRANT_CONTROLS = [
  'block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication', 'passwordChange', 'riskRemediation',
] as const;

export const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const;
export type PolicyState = (typeof POLICY_STATES)[number];

/** The rich grant's extra fields (the simple `{ authenticationStrength }` is one of its forms). */
export const RichGrantFields = {
  operator: z.enum(['OR', 'AND']).optional().describe('grantControls.operator: one control (OR) or all (AND)'),
  builtInControls: z.array(z.enum(GRANT_CONTROLS)).optional(),
  termsOfUse: ids.optional(),
  customAuthenticationFactors: ids.optional(),
};

export const AuthenticationStrengthDefinition = strict({
  id: z.string().min(1),
  name: z.string().min(1),
  allowedCombinations: z.array(z.string().min(1)).min(1)
    .describe('Graph authenticationMethodModes, each combination comma-joined ("password,microsoftAuthenticatorPush"; a space after the comma is fine)'),
}).describe('A custom authentication strength (authenticationStrengthPolicy, policyType custom)');

export const CrossTenantPartner = strict({
  tenantId: z.string().min(1).describe("The partner's tenant id (or, written by hand, the name in user.home.name)"),
  name: z.string().optional(),
  trustMfa: z.boolean().nullable().default(null)
    .describe('B2B-01: inboundTrust.isMfaAccepted for this partner; null inherits the default'),
});

export const NamedLocation = strict({
  id: z.string().min(1),
  name: z.string().min(1),
  trusted: z.boolean().default(false).describe('ipNamedLocation.isTrusted (country locations are never trusted)'),
});

export const Directory = strict({
  groups: z.record(z.string(), z.string()).default({}).describe('group id → display name'),
  users: z.record(z.string(), z.string()).default({}).describe('user id → display name or UPN'),
  roles: z.record(z.string(), z.string()).default({}).describe('role template id → display name'),
  applications: z.record(z.string(), z.string()).default({}).describe('application id → display name'),
}).describe('Display names for the ids policies use, so reports and scenarios can name them');

export const NotSimulated = strict({
  setting: z.string().min(1).describe('Where the setting lives, as a Graph property path'),
  value: z.unknown().optional(),
  why: z.string().min(1),
});

/** Fields added to the tenant (resource and home) for imported tenants. */
export const TenantExtensions = {
  id: z.string().optional().describe('The tenant id; crossTenant.partners and guest conditions name tenants by it'),
  authenticationStrengths: z.array(AuthenticationStrengthDefinition).default([])
    .describe('Custom authentication strengths that Conditional Access grants may name'),
  namedLocations: z.array(NamedLocation).default([]),
  directory: Directory.prefault({}),
  notSimulated: z.array(NotSimulated).default([])
    .describe('Settings read from the tenant that regsim shows but does not simulate'),
};

/** The home tenant of a guest, for cross-tenant conditions. */
export const UserExtensions = {
  id: z.string().optional().describe('Object id; per-user targets and conditions match it (or the name)'),
  groups: ids.default([]).describe('Group ids or names the user is a member of'),
  roles: ids.default([]).describe('Directory roles held: template ids, names or regsim role ids (SSPR-05 admins among them)'),
  guestType: z.enum(GUEST_TYPES).optional()
    .describe('Graph guestOrExternalUserTypes of the user; default b2bCollaborationGuest for a guest, none for a member'),
};

export type MethodAudience = z.output<typeof MethodAudience>;
export type MethodTarget = z.output<typeof MethodTarget>;
export type CaAudience = z.output<typeof CaAudience>;
export type CaUsers = z.output<typeof CaUsers>;
export type CaApplications = z.output<typeof CaApplications>;
export type CaLocations = z.output<typeof CaLocations>;
export type CaConditions = z.output<typeof CaConditions>;
export type AuthenticationStrengthDefinition = z.output<typeof AuthenticationStrengthDefinition>;
export type CrossTenantPartner = z.output<typeof CrossTenantPartner>;
export type NamedLocation = z.output<typeof NamedLocation>;
export type Directory = z.output<typeof Directory>;
export type NotSimulated = z.output<typeof NotSimulated>;
