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
import { poolNow, reviewDefaultNow, type RegistrationContext } from '../context.ts';
import { pageShown, type SecurityInfoContext } from '../fragments/manage.ts';
import type { ScreenKey } from './screens.ts';
import { EVENT_WORDS, type EventEntry } from './events.ts';
import { clientName } from './setup.ts';
import { isBrowser } from '../../src/domain/clients.ts';
import { guestIn, guestTenantAt, meetsRequirement, resourceRequirement } from '../../src/domain/b2b.ts';
import { usableHeld } from '../../src/domain/policy.ts';
import { methodsHeld } from '../../src/domain/rollback.ts';
import type { RegisteredMethod } from '../../src/scenario/schema.ts';
import { activeNodes, deepestFirst, snapshotStateId } from '../../src/simulate/stateId.ts';
import type { EventType, RegsimEvent } from '../events.ts';

/**
 * The user's ways on from this screen, read off the machine: the nearest
 * state's own first, each state's in the order it defines them, those a guard
 * refuses here left out.
 */
function waysOn(s: AnyMachineSnapshot): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of deepestFirst(activeNodes(s))) {
    for (const type of n.transitions.keys()) {
      if (seen.has(type)) continue;
      seen.add(type);
      const entry = EVENT_WORDS[type as EventType] as EventEntry | undefined;
      if (entry?.kind === 'user' && s.can({ type } as RegsimEvent)) out.push(entry.label);
    }
  }
  return out;
}

const names = (ms: readonly MethodId[]): string => ms.map((m) => METHODS[m].label).join(', ') || 'none';

function listed(c: SecurityInfoContext, mfaFirst: boolean): string {
  const page = pageShown(c);
  const rows = mfaFirst ? [...page.methods].sort((a, b) => Number(isMfaMethod(b.method)) - Number(isMfaMethod(a.method))) : page.methods;
  return rows.map((h) => `${METHODS[h.method].label}${h.count > 1 ? ` ×${h.count}` : ''}`).join(', ') || 'none';
}

/**
 * The MFA prompt: the methods the user holds there for it (GATE-01), and for
 * a guest those the resource accepts (B2B-01, STR-05): under a
 * phishing-resistant strength, a phone code at home does not get the guest in.
 */
function mfaWith(s: AnyMachineSnapshot): string {
  const { scenario } = s.context as RegistrationContext;
  if (s.machine.id !== 'b2bMfaTrust') return `Methods the user holds for it: ${names(mfaMethods(methodsHeld(scenario.user)))}`;
  const tenant = guestTenantAt(snapshotStateId(s));
  const records = guestIn(scenario, tenant).methods;
  const held = mfaMethods(records);
  const requirement = resourceRequirement(scenario);
  // Each registration as held, with what it carries (passwordless, a virtual number): that decides what it proves.
  const accepted = mfaMethods(records.filter((r) => meetsRequirement(requirement, [r])));
  return `Methods the guest holds for it ${tenant === 'home' ? 'at home' : 'here'}: ${names(held)}; the resource accepts: ${names(accepted)}`;
}

/** The MFA methods among those held that can be used (a virtual number cannot, MTH-06). */
const mfaMethods = (rs: readonly RegisteredMethod[]): MethodId[] => usableHeld(rs).filter(isMfaMethod);

/** Lines that complete the screen's description, where the screen lists something. */
export function screenDetails(key: ScreenKey, s: AnyMachineSnapshot): string[] {
  const reg = s.context as RegistrationContext;
  const info = s.context as SecurityInfoContext;
  switch (key) {
    case 'wizard.intro': {
      const url = reg.wizard.decision.url;
      if (!url) return [];
      // An embedded client (the Windows App, a web view) has no address bar to check the strength URL by.
      return [isBrowser(reg.scenario.client) ? `The address bar shows ${url}` : `Its address, ${url}, cannot be checked here: ${clientName(reg.scenario.client)} shows no address bar`];
    }
    case 'wizard.chooser': return [`Methods to choose from: ${names(poolNow(reg.wizard).filter((m) => m !== reg.current))}`];
    case 'wizard.review': {
      // INT-09, MTH-04: the review shows the default sign-in option too.
      const o = reviewDefaultNow(reg.wizard);
      return [`Methods set up: ${names(reg.wizard.registered)}`, `Default sign-in method: ${o ? DEFAULT_OPTIONS[o].label : 'none'}`];
    }
    case 'securityInfo.overview': {
      const page = pageShown(info);
      const option = defaultOf(page);
      return [`Methods listed: ${listed(info, false)}; default sign-in method: ${option ? DEFAULT_OPTIONS[option].label : 'none'}`];
    }
    case 'securityInfo.addPicker': return [`Methods offered: ${names(addableNow(info.scenario, info.page))}`];
    case 'securityInfo.defaultPicker': return [`Sign-in options offered: ${defaultChoicesNow(info.scenario, info.page).map((o) => DEFAULT_OPTIONS[o].label).join(', ') || 'none'}`];
    case 'refresh.review': return [`Methods listed: ${listed(info, true)}`];
    case 'mfaChallenge': case 'legacy.mfaChallenge': return [mfaWith(s)];
    // PK-06 names three ways on; where the policy leaves no other method, "a different method" is not one of them.
    case 'passkey.error': return [`The page offers: ${waysOn(s).join(', ')}`];
    default: return [];
  }
}
