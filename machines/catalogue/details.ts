/**
 * What a screen lists in this very snapshot, in words: the methods the
 * chooser, the Add list or the default picker offers, the methods and
 * default the Security info page shows, the strength wizard's address. The
 * catalogue's `shows` says what kind of screen it is; these say what is on
 * it here, so a tester can check the list, not only the page.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { METHODS, isMfaMethod, type MethodId } from '../../src/domain/methods.ts';
import { DEFAULT_OPTIONS } from '../../src/domain/defaultOptions.ts';
import { addableNow, defaultChoicesNow, defaultOf } from '../../src/domain/manage.ts';
import { poolNow, type RegistrationContext } from '../context.ts';
import { pageShown, type SecurityInfoContext } from '../fragments/manage.ts';
import type { ScreenKey } from './screens.ts';

const names = (ms: readonly MethodId[]): string => ms.map((m) => METHODS[m].label).join(', ') || 'none';

function listed(c: SecurityInfoContext, mfaFirst: boolean): string {
  const page = pageShown(c);
  const rows = mfaFirst ? [...page.methods].sort((a, b) => Number(isMfaMethod(b.method)) - Number(isMfaMethod(a.method))) : page.methods;
  return rows.map((h) => `${METHODS[h.method].label}${h.count > 1 ? ` ×${h.count}` : ''}`).join(', ') || 'none';
}

/** Lines that complete the screen's description, where the screen lists something. */
export function screenDetails(key: ScreenKey, s: AnyMachineSnapshot): string[] {
  const reg = s.context as RegistrationContext;
  const info = s.context as SecurityInfoContext;
  switch (key) {
    case 'wizard.intro': return reg.wizard.decision.url ? [`The address bar shows ${reg.wizard.decision.url}`] : [];
    case 'wizard.chooser': return [`Methods to choose from: ${names(poolNow(reg.wizard).filter((m) => m !== reg.current))}`];
    case 'wizard.review': return [`Methods set up: ${names(reg.wizard.registered)}`];
    case 'securityInfo.overview': {
      const page = pageShown(info);
      const option = defaultOf(page);
      return [`Methods listed: ${listed(info, false)}; default sign-in method: ${option ? DEFAULT_OPTIONS[option].label : 'none'}`];
    }
    case 'securityInfo.addPicker': return [`Methods offered: ${names(addableNow(info.scenario, info.page))}`];
    case 'securityInfo.defaultPicker': return [`Sign-in options offered: ${defaultChoicesNow(info.scenario, info.page).map((o) => DEFAULT_OPTIONS[o].label).join(', ') || 'none'}`];
    case 'refresh.review': return [`Methods listed: ${listed(info, true)}`];
    default: return [];
  }
}
