/**
 * How each method is set up — the same screens in the sign-in wizard and on
 * the Security info page. Defined once; hosts nest it and say where success
 * and a stuck passkey ceremony go.
 */
import type { Exit, StateFragment } from './types.ts';
import type { MethodId } from '../../src/domain/methods.ts';
import type { SetupContext } from '../context.ts';
import { passkeyCeremony } from './passkeyCeremony.ts';

export interface SetupExits {
  /** The method is verified and saved. */
  done: Exit;
  /** PK-03: the passkey ceremony hangs. */
  stuck: Exit;
  /** The methods this host can set up; default: every method with a setup flow. */
  methods?: readonly MethodId[];
  /**
   * Where the office phone's number comes from: the user's business phone,
   * which the wizard requires (INT-12, the default), or typed in on the
   * Security info page, which needs none (MNG-02).
   */
  officeNumber?: 'businessPhone' | 'entered';
}

export const methodSetupGuards = {
  settingUp: ({ context }: { context: Pick<SetupContext, 'current'> }, params: { method: MethodId }) =>
    context.current === params.method,
};

/** The methods with a setup flow, in the order `route` tests them. */
export const SETUP_METHODS: readonly MethodId[] = [
  'microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'officePhone', 'alternateMobilePhone',
  'email', 'securityQuestions', 'appPassword', 'fido2',
];

const saved = (done: Exit, method: MethodId): Exit & { meta: object } =>
  ({ ...done, meta: { description: `${method} saved`, rules: ['AUD-03'] } });

/** Enter a one-time code: right saves, wrong shows an error and lets the user retry. */
function codeCheck(done: Exit, method: MethodId): Record<string, StateFragment> {
  return {
    enterCode: {
      meta: { screen: `setup.${method}.enterCode`, description: 'The user enters the code that was sent.' },
      on: { CODE_CORRECT: saved(done, method), CODE_WRONG: 'codeRejected' },
    },
    codeRejected: {
      meta: { screen: `setup.${method}.codeRejected`, description: 'The code was wrong; the user can try again.' },
      on: { RETRY: 'enterCode' },
    },
  };
}

/** Enter a phone number; a virtual one is refused (MTH-06) and the user may enter another. */
function numberEntry(method: MethodId, description: string, verify: string): Record<string, StateFragment> {
  return {
    enterNumber: {
      meta: { screen: `setup.${method}.enterNumber`, description },
      on: { ENTER_NUMBER: verify, ENTER_VIRTUAL_NUMBER: { target: 'numberRejected', meta: { rules: ['MTH-06'] } } },
    },
    numberRejected: {
      meta: { screen: `setup.${method}.numberRejected`, description: 'Virtual numbers are not supported for calls or texts.', rules: ['MTH-06'] },
      on: { RETRY: 'enterNumber' },
    },
  };
}

/** A phone that is verified by a call the user answers. */
function callCheck(done: Exit, method: MethodId): Record<string, StateFragment> {
  return {
    calling: {
      meta: { screen: `setup.${method}.calling`, description: 'The service calls the number and the user answers it.' },
      on: { CALL_ANSWERED: saved(done, method), CALL_MISSED: 'callFailed' },
    },
    callFailed: {
      meta: { screen: `setup.${method}.callFailed`, description: 'The call was not answered; the user can try again.' },
      on: { RETRY: 'calling' },
    },
  };
}

export function methodSetupStates(exits: SetupExits): StateFragment {
  const { done } = exits;
  const methods = SETUP_METHODS.filter((m) => (exits.methods ?? SETUP_METHODS).includes(m));
  const all: Record<string, StateFragment> = {
    microsoftAuthenticator: {
      initial: 'install',
      meta: { screen: 'setup.microsoftAuthenticator', description: 'Microsoft Authenticator: install, scan the QR code, approve a test notification.', rules: ['MTH-01'] },
      states: {
        install: { meta: { screen: 'setup.microsoftAuthenticator.install', description: 'Start by getting the app.' }, on: { NEXT: 'scanQr' } },
        scanQr: { meta: { screen: 'setup.microsoftAuthenticator.scanQr', description: 'Scan the QR code with the app.' }, on: { QR_SCANNED: 'approve' } },
        approve: {
          meta: { screen: 'setup.microsoftAuthenticator.approve', description: 'Approve the test notification sent to the app.' },
          on: { NOTIFICATION_APPROVED: saved(done, 'microsoftAuthenticator'), NOTIFICATION_DENIED: 'denied' },
        },
        denied: { meta: { screen: 'setup.microsoftAuthenticator.denied', description: 'The notification was denied; the user can resend it.' }, on: { RETRY: 'approve' } },
      },
    },
    softwareOath: {
      initial: 'scanQr',
      meta: { screen: 'setup.softwareOath', description: 'Another authenticator app: codes only, no push.', rules: ['MTH-03'] },
      states: {
        scanQr: { meta: { screen: 'setup.softwareOath.scanQr', description: 'Scan the QR code with the app.' }, on: { QR_SCANNED: 'enterCode' } },
        ...codeCheck(done, 'softwareOath'),
      },
    },
    mobilePhone: {
      initial: 'enterNumber',
      meta: { screen: 'setup.mobilePhone', description: 'Phone: enter the number, receive a code by text.' },
      states: {
        ...numberEntry('mobilePhone', 'Enter the phone number.', 'enterCode'),
        ...codeCheck(done, 'mobilePhone'),
      },
    },
    officePhone: exits.officeNumber === 'entered'
      ? {
        initial: 'enterNumber',
        meta: { screen: 'setup.officePhone', description: 'Office phone: enter the number, answer the call.', rules: ['MNG-02'] },
        states: {
          ...numberEntry('officePhone', 'Enter the office phone number and extension.', 'calling'),
          ...callCheck(done, 'officePhone'),
        },
      }
      : {
        initial: 'calling',
        meta: { screen: 'setup.officePhone', description: 'Office phone: verified by a call to the business number.', rules: ['INT-12'] },
        states: callCheck(done, 'officePhone'),
      },
    alternateMobilePhone: {
      initial: 'enterNumber',
      meta: { screen: 'setup.alternateMobilePhone', description: 'Alternate phone: verified by a call.', rules: ['MNG-02'] },
      states: {
        ...numberEntry('alternateMobilePhone', 'Enter the alternate number.', 'calling'),
        ...callCheck(done, 'alternateMobilePhone'),
      },
    },
    email: {
      initial: 'enterAddress',
      meta: { screen: 'setup.email', description: 'Email: enter an address, receive a code.' },
      states: {
        enterAddress: { meta: { screen: 'setup.email.enterAddress', description: 'Enter the email address.' }, on: { ENTER_EMAIL: 'enterCode' } },
        ...codeCheck(done, 'email'),
      },
    },
    securityQuestions: {
      initial: 'answering',
      meta: { screen: 'setup.securityQuestions', description: 'Security questions: pick and answer the number the SSPR policy asks for.', rules: ['SSPR-03'] },
      states: {
        answering: { meta: { screen: 'setup.securityQuestions.answering', description: 'Answer the questions.' }, on: { SUBMIT_ANSWERS: saved(done, 'securityQuestions') } },
      },
    },
    appPassword: {
      initial: 'name',
      meta: { screen: 'setup.appPassword', description: 'App password: name it, copy the generated password.' },
      states: {
        name: { meta: { screen: 'setup.appPassword.name', description: 'Name the app password.' }, on: { NEXT: 'showPassword' } },
        showPassword: { meta: { screen: 'setup.appPassword.showPassword', description: 'The password is shown once.' }, on: { DONE: saved(done, 'appPassword') } },
      },
    },
    fido2: passkeyCeremony({ registered: saved(done, 'fido2'), stuck: exits.stuck }),
  };
  const states: Record<string, StateFragment> = {
    route: {
      meta: { screen: 'setup.route', description: 'Opens the setup screens of the method chosen.' },
      always: methods.map((method) => ({ guard: { type: 'settingUp', params: { method } }, target: method })),
    },
  };
  for (const m of methods) states[m] = all[m];
  return { initial: 'route', states };
}
