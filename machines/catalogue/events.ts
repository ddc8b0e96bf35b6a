/**
 * Every event the machines accept, in the words of the person who causes it:
 * what kind of step it is, a short label, the instruction a tester follows,
 * how to provoke an environment outcome on a real tenant (or that nobody
 * can), and one Gherkin phrase per event, so a Cucumber user writes one step
 * definition per entry. `{method}` stands for the event's method, by its name.
 *
 * Instructions are regsim's words; `**bold**` marks a control's label, and
 * `quote` gives the seed that names the control.
 */
import type { EventType } from '../events.ts';
import type { ScreenKey } from './screens.ts';
import { quote, type Quote } from './sources.ts';

export type EventKind =
  /** Something the person at the keyboard does. */
  | 'user'
  /** An outcome the service, the client or the network decides. */
  | 'environment'
  /** Something an administrator does in the tenant. */
  | 'admin'
  /** Time passing. */
  | 'time';

/** How a checklist introduces each kind of provoking. */
export const PROVOKE_LABEL: Readonly<Record<Provoke['can'], string>> = {
  yes: 'How to provoke it',
  client: 'How to provoke it',
  automatic: 'Nothing to do',
  no: 'Cannot be provoked by hand',
};

/** A checklist's path whose steps are the walk's, W001, step for step: listed, not run twice. */
export const SAME_AS_WALK = 'The same steps as W001, the walk above: run that one, and tick this path with it.';

/** An event nothing is done for (`provoke.can: automatic`): it follows the step before by itself, under that step's number. */
export const happensByItself = (type: string): boolean => EVENT_WORDS[type as keyof typeof EVENT_WORDS]?.provoke?.can === 'automatic';

/**
 * The checklist's number of each step, given its events' types, signing in
 * being 1: what happens by itself shares the number of the step it follows.
 * Every format numbers steps so (the checklists, JSON, `run`'s failures), so
 * a step is the same step wherever a tester or a script reads of it.
 */
export const stepNumbers = (types: readonly string[]): number[] => numbered(types.map(happensByItself));

/** Numbers from 2 on (signing in is 1), each step that `shares` keeping the number before. */
function numbered(shares: readonly boolean[]): number[] {
  let n = 1;
  return shares.map((s) => (s ? n : ++n));
}

/**
 * The checklist's number of each step of a scenario's walk (`steps:`), which
 * is W001. A step marked `refused` is no step of W001 (nothing happens): it is
 * checked on the screen the step before reached, and shares its number.
 */
export const walkStepNumbers = (steps: ReadonlyArray<string | { send: string; refused?: boolean }>): number[] =>
  numbered(steps.map((step) => (typeof step === 'string' ? happensByItself(step) : step.refused === true || happensByItself(step.send))));

/** A checklist's lead for what follows a step by itself (`provoke.can: automatic`), under that step, with no box of its own. */
export const THEN_BY_ITSELF = 'Then, by itself:';

/** "How to provoke it: leave the passkey prompt open…": the label, then how (given as the output needs it: plain, escaped). */
export const provokeText = (p: Provoke, how: string = p.how): string => `${PROVOKE_LABEL[p.can]}: ${how}`;

export interface Provoke {
  /**
   * `yes`: a tester can cause it; `client`: it happens by itself in the client the set-up names;
   * `automatic`: it happens with nothing to do; `no`: it cannot be provoked by hand.
   */
  can: 'yes' | 'client' | 'automatic' | 'no';
  /** Read after its label (`PROVOKE_LABEL`): "How to provoke it: leave the passkey prompt open…". */
  how: string;
}

export interface EventEntry {
  kind: EventKind;
  /** A few words: buttons, path tables, diagram labels. */
  label: string;
  /** The instruction to a person, in the imperative (an outcome for environment events). */
  does: string;
  /** Where the same event asks something else of the person, by the screen it is sent from (or a section around it). */
  on?: Partial<Record<ScreenKey, string>>;
  /** The Gherkin phrase (after When): the same wherever the event occurs. */
  step: string;
  /** Environment outcomes: how to provoke one on a real tenant, or why it cannot be. */
  provoke?: Provoke;
  /** The seed that names the control or the outcome the instruction speaks of. */
  quote?: Quote;
  /** Why a general screen shows, when this event leads to it: after a wrong Temporary Access Pass, "Access refused" says so. */
  into?: Partial<Record<ScreenKey, string>>;
  /** Where a storyboard's reader needs other words than a tester: no test phone, no how to make it go wrong. */
  reader?: { does?: string; on?: Partial<Record<ScreenKey, string>> };
}

const BY_ITSELF = 'it happens by itself.';
const CLEAR_THE_BOX = 'Clear the box, ready to type again (the next step does).';
/** The screens where a code or number is refused at its box and typed again. */
const TYPED_AGAIN: readonly ScreenKey[] = [
  'setup.softwareOath.codeRejected', 'setup.mobilePhone.codeRejected', 'setup.email.codeRejected',
  'setup.mobilePhone.numberRejected', 'setup.alternateMobilePhone.numberRejected', 'setup.officePhone.numberRejected',
];

export const EVENT_WORDS: Readonly<Record<EventType, EventEntry>> = {
  // ─── navigation ─────────────────────────────────────────────────────────
  NEXT: {
    kind: 'user', label: 'Next', does: 'Select **Next**.', step: 'the user selects Next',
    on: {
      'setup.microsoftAuthenticator.install': 'Install Microsoft Authenticator on the test phone, then select **Next**.',
      'setup.appPassword.name': 'Enter a name for the app password, then select **Next**.',
      'passkey.intro': 'Select **Next** to start setting up the passkey.',
    },
    reader: { on: { 'setup.microsoftAuthenticator.install': 'Install Microsoft Authenticator on the phone, then select **Next**.' } },
    quote: quote('blog', 'the wizard will be stuck when I hit next.'),
  },
  BACK: { kind: 'user', label: 'Back', does: 'Go back to the previous screen.', step: 'the user goes back' },
  SKIP: {
    kind: 'user', label: 'Skip', does: 'Skip the registration for now.', step: 'the user skips the registration',
    quote: quote('blog', 'note that the wizard can now be skipped'),
  },
  CANCEL: {
    kind: 'user', label: 'Cancel', does: 'Cancel.', step: 'the user cancels',
    on: {
      wizard: 'Cancel the wizard.',
      'securityInfo.adding': 'Cancel adding the method.',
      'securityInfo.confirmDelete': 'Cancel, keeping the method.',
    },
  },
  DONE: {
    kind: 'user', label: 'Done', does: 'Finish.', step: 'the user finishes',
    on: {
      'wizard.review': 'Confirm the methods and the default method shown, and continue.',
      'setup.appPassword.showPassword': 'Copy the app password shown, then finish.',
      'refresh.editing': 'Finish making changes and go back to the review.',
    },
    quote: quote('concept', 'the user confirms the info and continues'),
  },
  CHOOSE_DIFFERENT_METHOD: {
    kind: 'user', label: 'Set up a different method', does: 'Select **I want to setup a different method**.',
    step: 'the user chooses to set up a different method',
    on: { 'securityInfo.adding': 'Choose a different method to add instead.' },
    quote: quote('concept', 'the user can click I want to setup a different method'),
  },
  CONFIRM: { kind: 'user', label: 'Confirm delete', does: 'Confirm that the method should be deleted.', step: 'the user confirms the deletion' },

  // ─── the gate ───────────────────────────────────────────────────────────
  MFA_APPROVED: {
    kind: 'user', label: 'Complete MFA', does: 'Complete multifactor authentication with a method the prompt lists.',
    step: 'the user completes multifactor authentication',
    reader: { does: 'Complete multifactor authentication.' },
  },
  MFA_DENIED: {
    kind: 'user', label: 'Fail MFA', does: 'Do not complete multifactor authentication: deny the request, or cancel it.',
    step: 'the user fails multifactor authentication',
    into: { 'outcome.blocked': 'Multifactor authentication failed' },
  },
  TAP_ACCEPTED: {
    kind: 'user', label: 'Sign in with the TAP', does: 'Sign in with the Temporary Access Pass issued to the user.',
    step: 'the user signs in with the Temporary Access Pass',
  },
  TAP_REJECTED: {
    kind: 'user', label: 'Wrong TAP', does: 'Enter a Temporary Access Pass that is wrong or has expired.',
    step: 'the user enters a wrong or expired Temporary Access Pass',
    into: { 'outcome.blocked': 'The Temporary Access Pass is refused' },
  },

  // ─── method setup ───────────────────────────────────────────────────────
  QR_SCANNED: {
    kind: 'user', label: 'Scan the QR code', does: 'Scan the QR code with the app on the test phone.', step: 'the user scans the QR code',
    on: {
      'setup.microsoftAuthenticator.scanQr': 'Scan the QR code with Microsoft Authenticator on the test phone.',
      'setup.softwareOath.scanQr': 'Scan the QR code with another authenticator app (not Microsoft Authenticator) on the test phone.',
    },
    reader: {
      does: 'Scan the QR code with the app.',
      on: {
        'setup.microsoftAuthenticator.scanQr': 'Scan the QR code with Microsoft Authenticator.',
        'setup.softwareOath.scanQr': 'Scan the QR code with the authenticator app.',
      },
    },
  },
  NOTIFICATION_APPROVED: { kind: 'user', label: 'Approve the notification', does: 'Approve the notification in Microsoft Authenticator.', step: 'the user approves the notification' },
  NOTIFICATION_DENIED: { kind: 'user', label: 'Deny the notification', does: 'Deny the notification in Microsoft Authenticator.', step: 'the user denies the notification' },
  ENTER_NUMBER: {
    kind: 'user', label: 'Enter the phone number', does: "Enter the test phone's number (a real mobile number).", step: 'the user enters a phone number',
    on: {
      'setup.alternateMobilePhone.enterNumber': "Enter the alternate phone's number (a real phone number).",
      'setup.officePhone.enterNumber': "Enter the office phone's number and extension (a real desk phone you can answer).",
    },
    reader: {
      does: 'Enter the phone number.',
      on: { 'setup.alternateMobilePhone.enterNumber': "Enter the alternate phone's number.", 'setup.officePhone.enterNumber': "Enter the office phone's number and extension." },
    },
  },
  ENTER_VIRTUAL_NUMBER: {
    kind: 'environment', label: 'Virtual number', does: 'Enter a virtual phone number.', step: 'the user enters a virtual phone number',
    provoke: { can: 'yes', how: 'use a virtual (VoIP) number, such as one from an internet telephony service: the service refuses virtual numbers for calls and text messages.' },
    quote: quote('concept', "Virtual phone numbers aren't supported for Voice calls or SMS messages."),
  },
  ENTER_EMAIL: {
    kind: 'user', label: 'Enter the email address', does: 'Enter the address of a test mailbox you can read.', step: 'the user enters an email address',
    reader: { does: 'Enter the email address.' },
  },
  CODE_CORRECT: {
    kind: 'user', label: 'Enter the code', does: 'Enter the code you received.', step: 'the user enters the correct code',
    on: {
      'setup.softwareOath.enterCode': 'Enter the code the authenticator app shows.',
      'setup.mobilePhone.enterCode': 'Enter the code from the text message.',
      'setup.email.enterCode': 'Enter the code from the email.',
    },
  },
  CODE_WRONG: {
    kind: 'user', label: 'Wrong code', does: 'Enter a wrong code (change one digit of the right one).', step: 'the user enters a wrong code',
    on: {
      'setup.softwareOath.enterCode': 'Enter a wrong code: change one digit of the code the authenticator app shows.',
      'setup.mobilePhone.enterCode': 'Enter a wrong code: change one digit of the code in the text message.',
      'setup.email.enterCode': 'Enter a wrong code: change one digit of the code in the email.',
    },
    reader: { does: 'Enter a wrong code.' },
  },
  RETRY: {
    kind: 'user', label: 'Try again', does: 'Try again.', step: 'the user tries again',
    on: {
      'setup.microsoftAuthenticator.denied': 'Ask for the notification to be sent again.',
      // The refusal shows at the box itself: the next step types into it again, so this one only clears it.
      ...Object.fromEntries(TYPED_AGAIN.map((k) => [k, CLEAR_THE_BOX])),
      'setup.officePhone.callFailed': 'Ask for the call again.',
      'setup.alternateMobilePhone.callFailed': 'Ask for the call again.',
      'passkey.error': 'Try setting up the passkey again.',
      'refresh.reviewFailed': 'Go back to the review.',
    },
    // A reader sees the refusal, then the box again: the next card types into it.
    reader: { on: Object.fromEntries(TYPED_AGAIN.map((k) => [k, 'Try again.'])) },
  },
  CALL_ANSWERED: {
    kind: 'user', label: 'Answer the call', does: 'Answer the call and follow its instructions.', step: 'the user answers the call',
    on: {
      'setup.officePhone.calling': 'Answer the call on the office phone and follow its instructions.',
      'setup.alternateMobilePhone.calling': 'Answer the call on the alternate phone and follow its instructions.',
    },
  },
  CALL_MISSED: { kind: 'user', label: 'Miss the call', does: 'Let the call ring out without answering.', step: 'the user does not answer the call' },
  SUBMIT_ANSWERS: { kind: 'user', label: 'Answer the questions', does: 'Choose the security questions, answer them, and save.', step: 'the user answers the security questions' },

  // ─── the passkey ceremony ───────────────────────────────────────────────
  WEBAUTHN_SUCCESS: {
    kind: 'user', label: 'Complete the passkey prompt', does: "Complete the passkey prompt: touch the security key, or use the device's passkey (PIN, fingerprint or face).",
    step: 'the user completes the passkey prompt',
  },
  WEBAUTHN_TIMEOUT: {
    kind: 'environment', label: 'Passkey prompt times out', does: 'The passkey prompt times out.', step: 'the passkey prompt times out',
    provoke: { can: 'yes', how: 'leave the passkey prompt open, without touching the key, until it closes by itself.' },
    quote: quote('blog', 'This might be due to a timeout'),
  },
  WEBAUTHN_CANCELED: {
    kind: 'user', label: 'Cancel the passkey prompt', does: 'Cancel the passkey (security key) prompt.', step: 'the user cancels the passkey prompt',
    quote: quote('blog', 'a canceled request'),
  },
  WEBAUTHN_FAILED: {
    kind: 'environment', label: 'Passkey prompt fails', does: 'The passkey prompt fails.', step: 'the passkey prompt fails',
    provoke: { can: 'client', how: 'it fails by itself in the Windows App on Windows and in a private browsing window: use the client the set-up names.' },
    quote: quote('blog', 'On Windows, the wizard ends with an error'),
  },
  WIZARD_HANGS: {
    kind: 'environment', label: 'Stops responding', does: 'The page stops responding.', step: 'the page stops responding',
    provoke: { can: 'no', how: 'the blog saw the Windows App hang at random. If it happens, note it and close the app.' },
    quote: quote('blog', 'To me, this is very random behaviour.'),
  },

  // ─── the Security info page and the review ──────────────────────────────
  ADD_METHOD: {
    kind: 'user', label: 'Add a method', does: 'Choose to add a method.', step: 'the user chooses to add a method',
    quote: quote('concept', 'the user chooses to add a method'),
  },
  CHANGE_DEFAULT: {
    kind: 'user', label: 'Change the default', does: 'Choose to change the default sign-in method.', step: 'the user chooses to change the default method',
    quote: quote('concept', 'The user changes the current default method to a different default method.'),
  },
  BACKEND_OK: {
    kind: 'environment', label: 'Saved', does: 'The service saves the change.', step: 'the service saves the change',
    on: {
      'securityInfo.deleting': 'The service deletes the method.',
      'refresh.saving': 'The service records the review.',
    },
    provoke: { can: 'automatic', how: 'this is what normally happens.' },
  },
  BACKEND_FAILED: {
    kind: 'environment', label: 'Save fails', does: 'The service fails to save the change.', step: 'the service fails to save the change',
    on: {
      'securityInfo.deleting': 'The service fails to delete the method.',
      'refresh.saving': 'The service fails to record the review.',
    },
    provoke: {
      can: 'no',
      how: "it is a failure inside Microsoft's service, which a tester cannot cause. If it happens on a tenant, note it, and check the audit row listed under the step, where the step lists one.",
    },
    quote: quote('troubleshoot', 'something fails on the backend'),
  },
  SWITCH_DIRECTORY: {
    kind: 'user', label: 'Switch directory',
    does: "Switch to the other directory: select the account name in the upper right corner, then **Switch directory** (or open https://mysignins.microsoft.com/security-info?tenant=<Tenant Name> with the other tenant's name).",
    step: 'the user switches directory',
    quote: quote('concept', 'click the user account name in the upper right corner and click Switch directory'),
  },
  WAIT_FOR_PROPAGATION: {
    kind: 'time', label: 'Wait for the change to apply', does: 'Wait for the policy change to apply (up to 2 hours), then reload the page.',
    step: 'the policy change has applied',
    quote: quote('troubleshoot', 'save the policies again and wait 1-2 hours before testing again.'),
  },
  SIGN_OUT: { kind: 'user', label: 'Sign out', does: 'Sign out.', step: 'the user signs out' },
  LOOKS_GOOD: {
    kind: 'user', label: 'Looks good', does: 'Select **Looks good**.', step: 'the user selects Looks good',
    quote: quote('troubleshoot', 'a user selects Looks good on the security info review page.'),
  },
  EDIT: {
    kind: 'user', label: 'Make changes', does: 'Choose to make changes instead of confirming.', step: 'the user chooses to make changes',
    quote: quote('concept', 'or they can make changes if they need to.'),
  },

  // ─── the strength wizard's URL (STR-04) ─────────────────────────────────
  STRIP_URL: {
    kind: 'user', label: 'Strip the URL',
    does: 'In the address bar, delete `?authMethods=…&authMethodCount=1` from the URL (leaving https://mysignins.microsoft.com/register) and load the page.',
    step: 'the user strips the query from the URL',
    quote: quote('blog', "just strip the URL, and you're back in the other wizard."),
  },

  // ─── B2B ────────────────────────────────────────────────────────────────
  REDIRECT_HOME: {
    kind: 'environment', label: 'Sent home', does: 'The sign-in goes on to the home tenant.', step: 'the guest is sent to the home tenant',
    provoke: { can: 'automatic', how: BY_ITSELF },
  },
  RETURN_TO_RESOURCE: {
    kind: 'environment', label: 'Back to the resource', does: 'The sign-in returns to the resource tenant.', step: 'the guest is sent back to the resource tenant',
    provoke: { can: 'automatic', how: BY_ITSELF },
  },

  // ─── events that name a method ──────────────────────────────────────────
  SELECT_METHOD: {
    kind: 'user', label: 'Choose {method}', does: 'Choose **{method}**.', step: 'the user chooses "{method}"',
    on: {
      'securityInfo.addPicker': 'Choose **{method}** from the methods offered.',
    },
  },
  SELECT_DEFAULT: {
    kind: 'user', label: 'Choose {option}', does: 'Choose **{option}** as the default sign-in method, and confirm.',
    step: 'the user chooses "{option}" as the default sign-in method',
  },
  CHANGE: {
    kind: 'user', label: 'Change {method}', does: 'Change **{method}**: enter a new one you can receive on, and save; if the page sends a code to the new one, enter that code too (the sources do not describe this step).',
    step: 'the user changes "{method}"',
  },
  DELETE: { kind: 'user', label: 'Delete {method}', does: 'Delete **{method}**.', step: 'the user deletes "{method}"' },
};
