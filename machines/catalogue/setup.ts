/**
 * The words of setting up a test: the admin center's names for the settings
 * a scenario makes (as the seeds quote them, `quote` giving which), how a
 * tester starts each flow, the clients and roles by name, and the reset
 * between paths. `src/paths/checklist.ts` composes them per scenario.
 */
import type { ADMIN_ROLES, CLIENT_APPS, CLIENT_OS, Client, Flow } from '../../src/scenario/schema.ts';
import { quote, type Quote } from './sources.ts';

/** A setting's name in the admin center, with the seed that quotes it. */
export interface SettingName {
  name: string;
  quote?: Quote;
}

const named = (name: string, q?: Quote): SettingName => (q ? { name, quote: q } : { name });

export const ADMIN_WORDS = {
  center: named('Microsoft Entra admin center', quote('concept', 'Microsoft Entra admin center')),
  methodsPolicy: named('Authentication methods policy', quote('concept', 'the Authentication methods policy for the tenant')),
  voiceCalls: named('Voice calls', quote('concept', 'requires Voice calls to be enabled in the Authentication methods policy')),
  sms: named('SMS', quote('concept', 'Voice calls or SMS messages')),
  passkeyEnabled: named('Enabled', quote('blog', '| Enabled | All Users |')),
  passkeySelfService: named('Allow self-service set up', quote('blog', '| Allow self-service set up | Yes |')),
  passkeyAttestation: named('Enforce attestation', quote('blog', '| Enforce attestation | No |')),
  passkeyKeyRestrictions: named('Enforce key restrictions', quote('blog', '| Enforce key restrictions | No |')),
  ssprEnabled: named('Self-service password reset enabled', quote('blog', '| Self-service password reset enabled | All Users |')),
  ssprMethodsRequired: named('Number of methods required to reset', quote('blog', '| Number of methods required to reset | 2 |')),
  ssprRegister: named('Require users to register when signing in?', quote('blog', '| Require users to register when signing in? | Yes |')),
  caAssignment: named('Assignment', quote('blog', '| Assignment | Guest or external users | B2B collaboration guest users |')),
  caGuests: named('Guest or external users | B2B collaboration guest users', quote('blog', 'Guest or external users | B2B collaboration guest users')),
  caTarget: named('Target Resources', quote('blog', "| Target Resources | All resources (formerly 'All cloud apps') |")),
  caAllResources: named("All resources (formerly 'All cloud apps')", quote('blog', "All resources (formerly 'All cloud apps')")),
  caGrant: named('Access Control', quote('blog', '| Access Control | GRANT | Require multifactor authentication |')),
  caRequireMfa: named('GRANT | Require multifactor authentication', quote('blog', 'GRANT | Require multifactor authentication')),
  caRequireStrength: named('GRANT | Require authentication strength', quote('blog', 'GRANT | Require authentication strength | Phishing-resistant MFA (built-in)')),
  caUserAction: named('Register security information', quote('concept', 'you can use user actions in Conditional Access policy')),
  crossTenant: named('cross-tenant access settings', quote('blog', 'MFA trust enabled in cross-tenant access settings')),
  mfaTrust: named('MFA trust', quote('blog', 'MFA trust enabled in cross-tenant access settings')),
  combinedRegistration: named(
    'Users can use the combined security information registration experience',
    quote('troubleshootOld', 'Under Users can use the combined security information registration experience, set the selector to None, and then select Save.'),
  ),
  combinedRegistrationPath: named(
    'Azure Active Directory > User settings > Manage user feature settings',
    quote('troubleshootOld', 'Go to Azure Active Directory > User settings > Manage user feature settings.'),
  ),
  businessPhone: named('Business phone', quote('concept', "if the users Business phone property has been set")),
  perUserMfa: named('per-user MFA', quote('concept', 'enforced for per-user MFA')),
  identityProtection: named('Identity Protection', quote('concept', 'multifactor authentication registration enforced through Identity Protection')),
  tap: named('Temporary Access Pass', quote('blog', 'used a Temporary Access Pass to sign in')),
  auditLog: named('Microsoft Entra audit logs', quote('troubleshoot', 'The events logged for combined registration are in the Authentication Methods service in the Microsoft Entra audit logs.')),
  auditService: named('Authentication Methods', quote('troubleshoot', 'in the Authentication Methods service')),
  rollback: named('Reset-MsolStrongAuthenticationMethodByUpn', quote('troubleshoot', 'Reset-MsolStrongAuthenticationMethodByUpn')),
} as const;

/**
 * The set-up's headings. For a guest, which tenant is which: the resource
 * tenant is the one the guest opens an app of (B2B-01), the home tenant holds
 * the guest's account and its methods (B2B-03).
 */
export const SETUP_WORDS = {
  tenant: (guest: boolean): string => (guest ? 'Set up the resource tenant' : 'Set up the tenant'),
  where: (guest: boolean): string => (guest
    ? 'In the Microsoft Entra admin center of the resource tenant (the one whose app the guest opens), as an administrator:'
    : 'In the Microsoft Entra admin center, as an administrator:'),
  home: "In the guest's home tenant (where the guest's account is), as its administrator:",
  user: (guest: boolean): string => (guest ? 'The guest' : 'The test user'),
} as const;

/** GATE-04: Microsoft's advice after a policy change, and the checklist's wordings of it. */
export const WAIT_TO_APPLY = {
  does: 'Wait up to 2 hours for the changes to apply before testing.',
  /** A scenario that tests a change not applied yet: the tenant is first set as it was before. */
  before: 'This scenario tests a change that has not applied yet. First set the tenant as it was before, and wait up to 2 hours for that to apply:',
  /** ...and then changed, and tested before the change applies (regsim's window, MNG-07). */
  notYet: (changedMinutesAgo: number, windowMinutes: number): string =>
    `Do not wait: start within ${changedMinutesAgo} minutes of saving the changes, while the earlier settings still apply`
    + ` (regsim assumes a change applies after ${windowMinutes} minutes; Microsoft advises allowing 1-2 hours).`,
  quote: quote('troubleshoot', 'save the policies again and wait 1-2 hours before testing again.'),
};

/**
 * How a tester reaches the first screen of each flow: the page to open (in a
 * browser; the Windows App signs in by itself), what to do there, and the
 * step's Gherkin phrase. `who` signs in to a tester; `reader`, where it
 * differs, in a storyboard, whose reader has no test user.
 */
export const FLOW_START: Readonly<Record<Flow, { open: string; then?: string; who: string; reader?: string; step: string }>> = {
  interrupt: { open: 'https://myaccount.microsoft.com', who: 'the test user', reader: 'the user', step: 'the user signs in' },
  manage: { open: 'https://aka.ms/mysecurityinfo', who: 'the test user', reader: 'the user', step: 'the user opens the Security info page' },
  ssprRefresh: { open: 'https://myaccount.microsoft.com', who: 'the test user', reader: 'the user', then: 'the review comes at sign-in, when it is due', step: 'the user signs in when a review may be due' },
  b2bMfaTrust: { open: 'an app of the resource tenant', who: "the guest, with the guest's home-tenant account", step: 'the guest opens an app of the resource tenant' },
  passkey: { open: 'https://aka.ms/mysecurityinfo', who: 'the test user', reader: 'the user', then: 'then choose to add a security key or passkey', step: 'the user starts setting up a passkey' },
};

/** Each flow as testers and admins call what it covers: checklists name it so, with the flow's id for traceability. */
export const FLOW_WORDS: Readonly<Record<Flow, string>> = {
  interrupt: 'the registration wizard at sign-in',
  manage: 'the Security info page',
  ssprRefresh: 'the security info review at sign-in',
  b2bMfaTrust: "a guest's sign-in to a resource tenant",
  passkey: 'setting up a passkey',
};

/** Signing in where the first screen asks for the Temporary Access Pass. */
export const START_WITH_TAP = 'give the user name only: the next screen asks for the Temporary Access Pass';

/** Clients by the name a tester knows them. */
export const CLIENT_WORDS = {
  browser: 'a modern browser (such as Microsoft Edge)',
  privateWindow: 'a private browsing window of a modern browser',
  windowsApp: 'the Windows App (the app for Cloud PC and Azure Virtual Desktop)',
  ie11: 'Internet Explorer 11',
  adalLegacyWebView: 'an app that still signs in through ADAL with a legacy web view',
} as const satisfies Record<(typeof CLIENT_APPS)[number] | 'privateWindow', string>;

/** A scenario's client as the catalogue keys it: a private window is a client of its own. */
const clientKey = (c: Client): keyof typeof CLIENT_WORDS => (c.app === 'browser' && c.privateWindow ? 'privateWindow' : c.app);

/** The client a scenario names, as a tester knows it. */
export const clientName = (c: Client): string => CLIENT_WORDS[clientKey(c)];

export const OS_WORDS = { windows: 'Windows', macos: 'macOS', linux: 'Linux', ios: 'iOS', android: 'Android' } as const satisfies Record<(typeof CLIENT_OS)[number], string>;

/** SSPR-05's administrator roles by their names. */
export const ROLE_WORDS = {
  none: 'no administrator role',
  globalAdministrator: 'Global Administrator',
  privilegedAuthenticationAdministrator: 'Privileged Authentication Administrator',
  authenticationAdministrator: 'Authentication Administrator',
  helpdeskAdministrator: 'Helpdesk Administrator',
  passwordAdministrator: 'Password Administrator',
  userAdministrator: 'User Administrator',
  securityAdministrator: 'Security Administrator',
  exchangeAdministrator: 'Exchange Administrator',
  sharePointAdministrator: 'SharePoint Administrator',
  billingAdministrator: 'Billing Administrator',
  applicationAdministrator: 'Application Administrator',
} as const satisfies Record<(typeof ADMIN_ROLES)[number], string>;

/** Where a path starts afresh in each client: no session left from the path before. */
const FRESH_START = {
  browser: 'in a new browser window',
  privateWindow: 'in a new private browsing window',
  windowsApp: 'with the Windows App quit and opened again',
  ie11: 'in a new Internet Explorer 11 window',
  adalLegacyWebView: 'with the app quit and opened again',
} as const satisfies Record<keyof typeof CLIENT_WORDS, string>;

/**
 * The test user to start from: made new, or, where the scenario needs one
 * due for a review, an existing one with that past (a new user has reviewed
 * nothing, and no setting gives one a past).
 */
export function testUser(type: 'member' | 'guest', lastReviewedDaysAgo: number | null): string {
  const who = type === 'guest' ? 'guest user (B2B collaboration) whose account is in the home tenant' : 'test user, a member of the tenant';
  return lastReviewedDaysAgo === null
    ? `${type === 'guest' ? 'Invite' : 'Create'} a new ${who}.`
    : `Use a ${who}, who last reviewed their security info ${lastReviewedDaysAgo} days ago (the sources give no way to set this;`
      + ' each path needs its own such user, as the reset below says).';
}

/** What the set-up holds that a path may use up, so the reset between paths must make it again. */
export interface ResetNeeds {
  /** The test user is a guest, invited rather than made. */
  guest: boolean;
  /** The user must be due for a review: one who reviews (or changes a method) is not due again for an interval. */
  aged: boolean;
  /** The user holds a Temporary Access Pass (at home, for a guest), which a path may use. */
  tap: boolean;
  /** GATE-04: the change under test must still be on its way, within these minutes of saving it; null when none is. */
  pendingMinutes: number | null;
}

/**
 * Between two paths, in the scenario's client: every path starts from the
 * same set-up. Signing out comes first, since the set-up may itself sign in
 * (a guest's home sign-in). A user who must be due for a review cannot be
 * made new (a new user has reviewed nothing) nor be the last path's (REF-01:
 * reviewing starts the interval again): it is another such user. A change
 * that must not have applied yet has applied once a path waited for it (GATE-04).
 */
export function reset(c: Client, needs: ResetNeeds): string {
  const user = needs.aged
    ? `another ${needs.guest ? 'guest' : 'test user'} due for review, holding what is listed above (the previous path's user may have confirmed or changed their security info,`
      + ' which starts their review interval again)'
    : `${needs.guest ? 'a new guest invited' : 'a new test user made'} as above (or remove what the previous path registered${needs.tap ? ' and issue a new Temporary Access Pass' : ''})`;
  const change = needs.pendingMinutes === null ? ''
    : `. If the previous path waited for the changes to apply, set the earlier settings back, wait up to 2 hours for them to apply, and save the changes again; start within ${needs.pendingMinutes} minutes of saving them`;
  return `Before each path, sign out, ${FRESH_START[clientKey(c)]}, and start again from this set-up: ${user}${change}.`;
}
