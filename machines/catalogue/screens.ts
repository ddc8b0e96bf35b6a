/**
 * Every screen the machines can show, keyed as the machines' states name it
 * (`meta.screen`; a final state shows `outcome.<its name>`). Fragments nested
 * by several machines name their screens once, so the passkey error is one
 * entry whether the wizard, the Security info page or the passkey flow shows it.
 *
 * `shows` is regsim's description of the screen, never passed off as
 * Microsoft's. `title` and `text` are Microsoft's own words and exist only
 * where a seed quotes them; `seen` is what the seeds say about the screen.
 * Where an entry has no `title`, the seeds give the screen none.
 */
import { PASSKEY_ERROR } from '../../src/domain/passkey.ts';
import { FLOW_WORDS } from './setup.ts';
import { quote, type Quote } from './sources.ts';

export type ScreenKind =
  /** A page the user sees and acts on. */
  | 'screen'
  /** Routing the user never sees: eventless checks. */
  | 'passing'
  /** Where the flow ends. */
  | 'outcome'
  /** A group of screens (a compound state): the wizard, one method's setup. */
  | 'section';

export interface ScreenEntry {
  kind: ScreenKind;
  /** A short name, unique in the catalogue, in regsim's words: headings, buttons, diagram labels, Gherkin. */
  name: string;
  /** What a person sees there, in regsim's words. */
  shows: string;
  /** The title the real page shows, where a seed quotes it; absent where the seeds give none. */
  title?: Quote;
  /** Text the page shows, word for word, where a seed quotes it (what scenarios' `expect.screens` match). */
  text?: Quote;
  /** What the seeds say about this screen: their words about it, not words on it. */
  seen?: readonly Quote[];
}

const entry = (e: ScreenEntry): ScreenEntry => e;

// Seed sentences cited by more than one entry.
const MFA_FIRST = quote('concept', 'users who have previously registered a method that can be used for Microsoft Entra multifactor authentication need to perform multifactor authentication before they can access their security info.');
const VIRTUAL = quote('concept', "Virtual phone numbers aren't supported for Voice calls or SMS messages.");
const LEGACY_PAGE = quote('troubleshootOld', 'If a user who has completed combined registration goes to the legacy self-service password reset (SSPR) registration page at https://aka.ms/ssprsetup, the user will be prompted to perform Multi-Factor Authentication before they can access that page.');
const ADD = quote('concept', 'the user chooses to add a method, selects any of the methods available, and follows the steps to set up that method.');

/** One entry per code the user types in: the same screens for the app, the phone and email. */
const codeScreens = <M extends string>(method: M, name: string, shows: string) => ({
  [`setup.${method}.enterCode`]: entry({ kind: 'screen', name, shows }),
  [`setup.${method}.codeRejected`]: entry({ kind: 'screen', name: `${name} rejected`, shows: 'The code is not accepted; the user can enter it again.' }),
}) as Record<`setup.${M}.${'enterCode' | 'codeRejected'}`, ScreenEntry>;

export const SCREENS = {
  // ─── sign-in and the registration wizard (interrupt mode) ───────────────
  'signIn.gate': entry({ kind: 'passing', name: 'Sign-in checks', shows: "Nothing yet: the service checks the client, Conditional Access and the user's methods, then shows the first screen." }),
  mfaChallenge: entry({ kind: 'screen', name: 'MFA prompt', shows: 'A multifactor authentication prompt for a method the user already has.', seen: [MFA_FIRST] }),
  tapSignIn: entry({
    kind: 'screen', name: 'Temporary Access Pass sign-in', shows: 'The sign-in asks for the Temporary Access Pass.',
    seen: [quote('blog', 'used a Temporary Access Pass to sign in')],
  }),
  wizard: entry({
    kind: 'section', name: 'Registration wizard', shows: 'The wizard that asks for security info at sign-in.',
    seen: [quote('concept', 'Interrupt mode is a wizard-like experience, presented to users when they register or refresh their security info at sign-in.')],
  }),
  'wizard.intro': entry({
    kind: 'screen', name: 'More information request',
    shows: 'The sign-in stops and asks for more information: the user must set up security info before going on.',
    // The screenshot's caption, not its file name: storyboards print these to people.
    seen: [quote('enable', 'Combined security information registration enhanced experience requesting more information at sign in.')],
  }),
  'wizard.setup': entry({
    kind: 'section', name: 'Wizard step', shows: 'One step of the wizard: the method it shows and its setup screens.',
    seen: [quote('concept', 'The user then follows the steps shown in the wizard to set up the required security info.')],
  }),
  'wizard.chooser': entry({
    kind: 'screen', name: 'Methods to choose from', shows: 'The list of the other methods the user may set up instead.',
    seen: [quote('concept', 'The list of available methods is determined by the Authentication methods policy for the tenant.')],
  }),
  'wizard.methodDone': entry({ kind: 'screen', name: 'Method set up', shows: 'The method is set up; the wizard goes on to its next step.' }),
  'wizard.review': entry({
    kind: 'screen', name: 'Review of what was set up', shows: 'The methods just set up and the default sign-in method, to confirm.',
    seen: [quote('concept', 'After users complete the wizard, they review the methods they set up and their default method for multifactor authentication.')],
  }),

  // ─── each method's setup screens (wizard and Security info page) ────────
  'setup.route': entry({ kind: 'passing', name: 'Method setup', shows: 'Nothing yet: the setup screens of the chosen method open.' }),
  'setup.microsoftAuthenticator': entry({ kind: 'section', name: 'Microsoft Authenticator setup', shows: 'Setting up Microsoft Authenticator: get the app, scan a QR code, approve a test notification.' }),
  'setup.microsoftAuthenticator.install': entry({ kind: 'screen', name: 'Get Microsoft Authenticator', shows: 'The user is asked to install Microsoft Authenticator on their phone.' }),
  'setup.microsoftAuthenticator.scanQr': entry({ kind: 'screen', name: 'Microsoft Authenticator QR code', shows: 'A QR code to scan with Microsoft Authenticator.' }),
  'setup.microsoftAuthenticator.approve': entry({ kind: 'screen', name: 'Test notification', shows: 'The page waits while a notification is sent to Microsoft Authenticator for the user to approve.' }),
  'setup.microsoftAuthenticator.denied': entry({ kind: 'screen', name: 'Test notification denied', shows: 'The notification was denied; the page offers to send it again.' }),
  'setup.softwareOath': entry({
    kind: 'section', name: 'Other authenticator app setup', shows: 'Setting up another authenticator app: scan a QR code, enter a code. No push notifications.',
    seen: [quote('concept', "Third party authenticator apps don't provide push notification.")],
  }),
  'setup.softwareOath.scanQr': entry({ kind: 'screen', name: 'Authenticator app QR code', shows: 'A QR code to scan with the authenticator app.' }),
  ...codeScreens('softwareOath', 'Authenticator app code', 'A box for the code the authenticator app shows.'),
  'setup.mobilePhone': entry({ kind: 'section', name: 'Phone setup', shows: 'Setting up a phone: enter the number, then the code sent by text message.' }),
  'setup.mobilePhone.enterNumber': entry({ kind: 'screen', name: 'Phone number', shows: 'A box for the phone number to register.' }),
  'setup.mobilePhone.numberRejected': entry({ kind: 'screen', name: 'Phone number refused', shows: 'The number is refused; the user can enter another.', seen: [VIRTUAL] }),
  ...codeScreens('mobilePhone', 'Text message code', 'A box for the code sent by text message to the phone.'),
  'setup.officePhone': entry({ kind: 'section', name: 'Office phone setup', shows: 'Setting up the office phone: the service calls it and the user answers.' }),
  'setup.officePhone.enterNumber': entry({ kind: 'screen', name: 'Office phone number', shows: 'A box for the office phone number and its extension.' }),
  'setup.officePhone.numberRejected': entry({ kind: 'screen', name: 'Office phone number refused', shows: 'The number is refused; the user can enter another.', seen: [VIRTUAL] }),
  'setup.officePhone.calling': entry({ kind: 'screen', name: 'Office phone call', shows: 'The page waits while the service calls the office phone.' }),
  'setup.officePhone.callFailed': entry({ kind: 'screen', name: 'Office phone call not answered', shows: 'The call was not answered; the page offers to call again.' }),
  'setup.alternateMobilePhone': entry({ kind: 'section', name: 'Alternate phone setup', shows: 'Setting up an alternate phone: enter the number, answer the call.' }),
  'setup.alternateMobilePhone.enterNumber': entry({ kind: 'screen', name: 'Alternate phone number', shows: 'A box for the alternate phone number.' }),
  'setup.alternateMobilePhone.numberRejected': entry({ kind: 'screen', name: 'Alternate phone number refused', shows: 'The number is refused; the user can enter another.', seen: [VIRTUAL] }),
  'setup.alternateMobilePhone.calling': entry({ kind: 'screen', name: 'Alternate phone call', shows: 'The page waits while the service calls the alternate phone.' }),
  'setup.alternateMobilePhone.callFailed': entry({ kind: 'screen', name: 'Alternate phone call not answered', shows: 'The call was not answered; the page offers to call again.' }),
  'setup.email': entry({ kind: 'section', name: 'Email setup', shows: 'Setting up email: enter an address, then the code sent to it.' }),
  'setup.email.enterAddress': entry({ kind: 'screen', name: 'Email address', shows: 'A box for the email address to register.' }),
  ...codeScreens('email', 'Email code', 'A box for the code sent to the email address.'),
  'setup.securityQuestions': entry({ kind: 'section', name: 'Security questions setup', shows: 'Setting up security questions.' }),
  'setup.securityQuestions.answering': entry({ kind: 'screen', name: 'Security questions', shows: 'Security questions to choose and answer, as many as the SSPR policy asks for.' }),
  'setup.appPassword': entry({
    kind: 'section', name: 'App password setup', shows: 'Creating an app password: name it, copy the password.',
    seen: [quote('concept', 'App passwords are available only to users who have been enforced for per-user MFA.')],
  }),
  'setup.appPassword.name': entry({ kind: 'screen', name: 'App password name', shows: 'A box for a name for the app password.' }),
  'setup.appPassword.showPassword': entry({ kind: 'screen', name: 'App password shown', shows: 'The generated app password, shown once.' }),

  // ─── the passkey ceremony ───────────────────────────────────────────────
  passkey: entry({ kind: 'section', name: 'Passkey setup', shows: 'Setting up a passkey (security key).' }),
  'passkey.policy': entry({ kind: 'passing', name: 'Passkey policy check', shows: 'Nothing yet: the service checks that passkeys are enabled for the user, with self-service setup.' }),
  'passkey.intro': entry({
    kind: 'screen', name: 'Passkey setup start', shows: 'The page offers to set up a passkey or security key and waits for Next.',
    seen: [quote('blog', 'she would be prompted to register a passkey or security key.')],
  }),
  'passkey.webAuthn': entry({ kind: 'screen', name: 'Passkey prompt', shows: "The client's own passkey prompt: touch the security key, or use the device's passkey." }),
  'passkey.error': entry({
    kind: 'screen', name: 'Passkey error', shows: 'The passkey is not registered.',
    text: quote('blog', PASSKEY_ERROR),
    seen: [quote('blog', 'On Windows, the wizard ends with an error')],
  }),

  // ─── the Security info page (manage mode, and editing in a review) ──────
  'entry.gate': entry({ kind: 'passing', name: 'Security info checks', shows: 'Nothing yet: before the page opens, the service checks the client, Conditional Access and MFA.' }),
  'manage.start': entry({
    kind: 'passing', name: 'Opening security info', shows: 'Nothing yet: the service opens the combined Security info page, or the legacy SSPR page when an admin turned combined registration off.',
  }),
  'securityInfo.overview': entry({
    kind: 'screen', name: 'Security info page', shows: 'The methods registered in this directory and the default sign-in method.',
    title: quote('concept', 'Security info'),
    seen: [quote('concept', 'From there, users can add methods, delete or change existing methods, change the default method, and more.')],
  }),
  'securityInfo.addPicker': entry({
    kind: 'screen', name: 'Add a method', shows: 'The methods the user may add now; disabled methods, methods whose policy has not applied yet and methods at their maximum are missing.',
    seen: [ADD, quote('troubleshoot', "I don't have the option to add a particular method.")],
  }),
  'securityInfo.adding': entry({
    kind: 'section', name: 'Adding a method', shows: 'The setup screens of the method being added (the same as in the wizard).',
    seen: [quote('concept', 'When finished, the user sees the method that was set up on the Security info page.')],
  }),
  'securityInfo.changing': entry({ kind: 'screen', name: 'Change a method', shows: "The method's new number or address, being saved." }),
  'securityInfo.changeFailed': entry({ kind: 'screen', name: 'Change not saved', shows: 'The change is not saved; the method keeps its old details.' }),
  'securityInfo.confirmDelete': entry({ kind: 'screen', name: 'Confirm delete', shows: 'A question asking the user to confirm deleting the method.' }),
  'securityInfo.deleting': entry({
    kind: 'screen', name: 'Deleting a method', shows: 'The method is being deleted.',
    seen: [quote('concept', 'When finished, the user no longer sees that method on the Security info page.')],
  }),
  'securityInfo.deleteFailed': entry({ kind: 'screen', name: 'Delete failed', shows: 'The method could not be deleted and is still listed.' }),
  'securityInfo.defaultPicker': entry({
    kind: 'screen', name: 'Choose the default sign-in method', shows: 'The sign-in options the methods held give (an Authenticator notification, an app or token code, a phone call, a text message), except the current default.',
    seen: [quote('concept', 'The user changes the current default method to a different default method.')],
  }),
  'securityInfo.savingDefault': entry({
    kind: 'screen', name: 'Saving the default sign-in method', shows: 'The new default sign-in option is being saved.',
    seen: [quote('concept', 'When finished, the user sees the new default method on the Security info page.')],
  }),
  'securityInfo.defaultFailed': entry({ kind: 'screen', name: 'Default not changed', shows: 'The default could not be changed; the previous default stays.' }),
  'legacy.ssprSetup': entry({ kind: 'passing', name: 'Legacy SSPR page checks', shows: 'Nothing yet: the legacy SSPR registration page decides whether MFA comes first.' }),
  'legacy.mfaChallenge': entry({ kind: 'screen', name: 'Legacy SSPR page MFA prompt', shows: 'The legacy SSPR registration page (https://aka.ms/ssprsetup) asks for multifactor authentication first.', seen: [LEGACY_PAGE] }),

  // ─── the SSPR refresh review ────────────────────────────────────────────
  'refresh.review': entry({
    kind: 'screen', name: 'Security info review', shows: 'Every registered method, MFA methods first, with the choice to confirm them or make changes.',
    seen: [
      quote('concept', 'users are interrupted during sign-in and shown all their registered methods.'),
      quote('troubleshoot', 'This event occurs when a user selects Looks good on the security info review page.'),
    ],
  }),
  'refresh.saving': entry({ kind: 'screen', name: 'Saving the review', shows: 'The review is being recorded.' }),
  'refresh.reviewFailed': entry({
    kind: 'screen', name: 'Review not saved', shows: 'The review was not recorded; the user must confirm again.',
    seen: [quote('troubleshoot', 'selects Looks good on the security info review page but something fails on the backend.')],
  }),
  'refresh.editing': entry({ kind: 'section', name: 'Changes during the review', shows: 'The Security info page, opened from the review to make changes.' }),

  // ─── B2B guests ─────────────────────────────────────────────────────────
  'b2b.resourceSignIn': entry({ kind: 'passing', name: 'Resource tenant checks', shows: "Nothing yet: the resource tenant's Conditional Access for guests decides what MFA it needs." }),
  'b2b.redirectedHome': entry({
    kind: 'screen', name: 'Redirect to the home tenant', shows: "The resource tenant sends the guest to the home tenant's sign-in.",
    seen: [quote('blog', 'When the user tries to access an MFA-protected resource, and MFA trust is enabled, the user is redirected to their home tenant.')],
  }),
  'b2b.home': entry({
    kind: 'section', name: 'Home tenant sign-in', shows: "The guest's home tenant: its own sign-in and registration wizard.",
    seen: [quote('blog', 'She is now prompted to register security information from the home tenant side.')],
  }),
  'b2b.returned': entry({
    kind: 'screen', name: 'Return to the resource tenant', shows: 'MFA is done at home; the guest is sent back to the resource.',
    seen: [quote('blog', "If the session contains a claim that indicates the MFA policies are already met in the user's home tenant, and the methods satisfy the authentication strength requirements, the user is allowed access.")],
  }),
  'b2b.resource': entry({ kind: 'section', name: 'Resource tenant registration', shows: 'The resource tenant itself asks the guest to register and do MFA there.' }),
  'b2b.strengthCheck': entry({ kind: 'passing', name: 'Resource tenant access check', shows: "Nothing yet: the resource tenant checks the methods behind the guest's MFA." }),

  // ─── outcomes: where a flow ends (final states, by name) ────────────────
  'outcome.accessGranted': entry({ kind: 'outcome', name: 'App opens', shows: 'The user goes on to the app; nothing more is asked.' }),
  'outcome.registrationComplete': entry({
    kind: 'outcome', name: 'Registration complete', shows: 'The wizard is finished and the user goes on to the app.',
    seen: [quote('concept', 'To complete the setup process, the user confirms the info and continues to the Microsoft Entra admin center.')],
  }),
  'outcome.skipped': entry({
    kind: 'outcome', name: 'Registration skipped', shows: 'The user skipped the wizard and goes on to the app; a later sign-in asks again.',
    seen: [quote('concept', 'users will be able to skip (indefinitely) the registration interruption and complete it at a later time.')],
  }),
  'outcome.canceled': entry({
    kind: 'outcome', name: 'Wizard canceled', shows: 'The wizard closes unfinished.',
    seen: [quote('troubleshoot', 'This event occurs when a user cancels registration from interrupt mode.')],
  }),
  'outcome.blocked': entry({ kind: 'outcome', name: 'Access refused', shows: 'The user cannot go on: the sign-in is refused.' }),
  'outcome.blankPage': entry({
    kind: 'outcome', name: 'Blank page', shows: 'A blank page.',
    seen: [quote('concept', 'users will experience a blank page when directed to the My Sign-ins page.')],
  }),
  'outcome.legacyRegistration': entry({
    kind: 'outcome', name: 'Legacy registration pages', shows: 'Not the combined wizard: the user is sent to the legacy registration pages.',
    seen: [quote('troubleshootOld', 'Users will no longer be prompted to register by using the updated experience.')],
  }),
  'outcome.deadEnd': entry({
    kind: 'outcome', name: 'Nothing to register', shows: 'The wizard offers no method the user can register; the user cannot go on.',
    seen: [quote('blog', 'To register a strong, phishing-resistant method, MFA is required, so Adele is not able to register any method.')],
  }),
  'outcome.stuck': entry({
    kind: 'outcome', name: 'Stuck', shows: 'The page stops responding; only closing the app leaves it.',
    seen: [quote('blog', 'but the wizard will be stuck when I hit next.'), quote('blog', 'To me, this is very random behaviour.')],
  }),
  'outcome.reviewDue': entry({ kind: 'outcome', name: 'Review due instead', shows: `Instead of registration, the sign-in asks the user to review their security info (${FLOW_WORDS.ssprRefresh}).` }),
  'outcome.legacySsprPage': entry({ kind: 'outcome', name: 'Legacy SSPR registration page', shows: 'The legacy SSPR registration page (https://aka.ms/ssprsetup) opens.', seen: [LEGACY_PAGE] }),
  'outcome.signedOut': entry({ kind: 'outcome', name: 'Signed out', shows: 'The user is signed out; the Security info page closes.' }),
  'outcome.noReviewDue': entry({ kind: 'outcome', name: 'No review due', shows: 'No security info review at this sign-in.' }),
  'outcome.notAllowed': entry({ kind: 'outcome', name: 'No passkey setup', shows: 'Passkeys cannot be set up: they are not enabled for the user, or self-service setup is off.' }),
  'outcome.registered': entry({
    kind: 'outcome', name: 'Passkey registered', shows: 'The passkey is registered.',
    seen: [quote('blog', 'When I use a browser, the process goes smoothly without any error.')],
  }),
  'outcome.otherMethod': entry({ kind: 'outcome', name: 'Another method instead', shows: 'The user leaves the passkey to set up another method.' }),
} as const satisfies Record<string, ScreenEntry>;

export type ScreenKey = keyof typeof SCREENS;

export const isScreenKey = (k: string): k is ScreenKey => Object.hasOwn(SCREENS, k);
