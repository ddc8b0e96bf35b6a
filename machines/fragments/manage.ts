/**
 * The Security info page (MNG-*), defined once: `manage` is this page behind
 * the sign-in gate, and `ssprRefresh` nests the same page when the user
 * chooses to edit instead of confirming (REF-03: "changes follow MNG rules").
 * Hosts say where leaving the page goes; the page's rules live in
 * `src/domain/manage.ts`, the guards and updates here only call them.
 */
import { assign } from 'xstate';
import type { Exit, StateFragment } from './types.ts';
import * as audit from '../../src/domain/audit.ts';
import { DEFAULT_OPTIONS, type DefaultOptionId } from '../../src/domain/defaultOptions.ts';
import {
  addableNow, afterPropagation, canSwitchDirectory, changeableNow, changedParts, defaultChoicesNow, defaultOf, deletableNow,
  openSecurityInfo, pageSplitsIntoParts, partOf, propagationPendingNow, registrations, shownPage, switchedDirectory, withAdded,
  withDefault, withDeleted, type DirectoryPage, type PagePart, type SecurityInfo,
} from '../../src/domain/manage.ts';
import { METHODS, type MethodId } from '../../src/domain/methods.ts';
import type { RuleId } from '../../src/domain/rules.ts';
import type { ScreenKey } from '../catalogue/screens.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import type { SetupContext } from '../context.ts';
import { eventMethod, eventOption, type RegsimEvent } from '../events.ts';
import { methodSetupStates } from './methodSetup.ts';

/** The page's context: the scenario, the method or default option being acted on, the page, the audit log. */
export interface SecurityInfoContext extends SetupContext {
  page: SecurityInfo;
  /** MNG-05: the default sign-in option being saved. */
  option: DefaultOptionId | null;
}

export const securityInfoContext = (scenario: Scenario): SecurityInfoContext =>
  ({ scenario, current: null, option: null, page: openSecurityInfo(scenario), audit: [] });

type Args = { context: SecurityInfoContext; event: RegsimEvent };

const meta = (screen: ScreenKey, description: string, rules: readonly RuleId[] = []) =>
  (rules.length ? { screen, description, rules } : { screen, description });
const rules = (...ids: RuleId[]) => ({ meta: { rules: ids } });

// ─── entering the page ──────────────────────────────────────────────────────

/** How a sign-in reaches the page: the values of `manageGate` / `refreshEntry`. */
export type Entry = 'blankPage' | 'blocked' | 'notDue' | 'legacy' | 'mfaFirst' | 'tap' | 'open';

/** The entry guard a host registers, over its own domain routing function. */
export const entryGuards = (route: (scenario: Scenario) => Entry) => ({
  entryIs: ({ context }: { context: Pick<SetupContext, 'scenario'> }, params: { entry: Entry }) =>
    route(context.scenario) === params.entry,
});

export interface EntryExits {
  /** Past the gate: the page opens. */
  open: Exit;
  blocked: Exit;
  blankPage: Exit;
  /** REF-01: the sign-in is not due for a review (refresh only). */
  notDue?: Exit;
  /** ADM-01: combined registration is disabled; the review happens on the legacy SSPR page (refresh only). */
  legacy?: Exit;
}

const entry = (e: Entry) => ({ type: 'entryIs', params: { entry: e } });

/** The page a gate stands in front of: its name for docs and the rule that opens it (MNG-01, REF-01). */
export interface EntryPage {
  name: string;
  rules: readonly RuleId[];
}

/** GATE-01, GATE-02, GATE-03: the gate in front of a security-info page, with its MFA and TAP steps. */
export function entryStates(page: EntryPage, exits: EntryExits): Record<string, StateFragment> {
  return {
    gate: {
      meta: meta('entry.gate', `The sign-in reaches ${page.name}: the client, Conditional Access and MFA are checked.`, ['GATE-01', 'GATE-02', 'GATE-03', ...page.rules]),
      always: [
        { guard: entry('blankPage'), ...exits.blankPage, ...rules('GATE-03') },
        { guard: entry('blocked'), ...exits.blocked, ...rules('GATE-02') },
        ...(exits.notDue ? [{ guard: entry('notDue'), ...exits.notDue, ...rules('REF-01') }] : []),
        ...(exits.legacy ? [{ guard: entry('legacy'), ...exits.legacy, ...rules('ADM-01') }] : []),
        { guard: entry('mfaFirst'), target: 'mfaChallenge', ...rules('GATE-01') },
        { guard: entry('tap'), target: 'tapSignIn', ...rules('GATE-01') },
        { ...exits.open, ...rules('GATE-01', ...page.rules) },
      ],
    },
    mfaChallenge: {
      meta: meta('mfaChallenge', 'The user already has an MFA method and must complete MFA before the page opens.', ['GATE-01']),
      on: {
        MFA_APPROVED: { ...exits.open, ...rules('GATE-01', ...page.rules) },
        MFA_DENIED: { ...exits.blocked, ...rules('GATE-01') },
      },
    },
    tapSignIn: {
      meta: meta('tapSignIn', 'The user signs in with a Temporary Access Pass, which satisfies MFA.', ['GATE-01']),
      on: {
        TAP_ACCEPTED: { ...exits.open, ...rules('GATE-01', ...page.rules) },
        TAP_REJECTED: { ...exits.blocked, ...rules('GATE-01') },
      },
    },
  };
}

// ─── the page ───────────────────────────────────────────────────────────────

/** Guards the host registers (spread into `setup({ guards })`); each asks `src/domain/manage.ts`. */
export const manageGuards = {
  /** MNG-02, MNG-07, MTH-01, MTH-02, PK-01, GATE-04: the method is on the Add list now. */
  isAddable: ({ context, event }: Args) =>
    event.type === 'SELECT_METHOD' && addableNow(context.scenario, context.page).includes(event.method),
  /** MNG-03. */
  isChangeable: ({ context, event }: Args) => event.type === 'CHANGE' && changeableNow(context.page).includes(event.method),
  /** MNG-04. */
  isDeletable: ({ context, event }: Args) => event.type === 'DELETE' && deletableNow(context.page).includes(event.method),
  /** MNG-05, MTH-04: a method held gives another default sign-in option. */
  hasDefaultChoices: ({ context }: Args) => defaultChoicesNow(context.scenario, context.page).length > 0,
  /** MNG-05, MTH-04, MTH-06. */
  isDefaultChoice: ({ context, event }: Args) =>
    event.type === 'SELECT_DEFAULT' && defaultChoicesNow(context.scenario, context.page).includes(event.option),
  /** MNG-06. */
  canSwitchDirectory: ({ context }: Args) => canSwitchDirectory(context.scenario),
  /** GATE-04, MNG-07. */
  propagationPending: ({ context }: Args) => propagationPendingNow(context.scenario, context.page),
};

/** Pure context updates behind the named actions. */
export const manageUpdates = {
  /** The method a CHANGE, DELETE or SELECT_METHOD names becomes the one acted on. */
  actOn: (_: SecurityInfoContext, event: RegsimEvent): Partial<SecurityInfoContext> => ({ current: eventMethod(event) }),
  /** MNG-05: the option SELECT_DEFAULT names is the one being saved. */
  chooseOption: (_: SecurityInfoContext, event: RegsimEvent): Partial<SecurityInfoContext> => ({ option: eventOption(event) }),
  release: (): Partial<SecurityInfoContext> => ({ current: null, option: null }),
  /** MNG-02, AUD-03. */
  recordAdded: (c: SecurityInfoContext): Partial<SecurityInfoContext> => {
    const m = c.current as MethodId;
    return { current: null, page: withAdded(c.page, m), audit: [...c.audit, audit.methodRegistered(m)] };
  },
  /** MNG-04, AUD-06. */
  recordDeleted: (c: SecurityInfoContext): Partial<SecurityInfoContext> => {
    const m = c.current as MethodId;
    return { current: null, page: withDeleted(c.page, m), audit: [...c.audit, audit.methodDeleted(m)] };
  },
  /** MNG-04, AUD-07: the method stays; the failure screen names it. */
  auditDeleteFailed: (c: SecurityInfoContext): Partial<SecurityInfoContext> =>
    ({ audit: [...c.audit, audit.deleteFailed(c.current as MethodId)] }),
  /** MNG-05, AUD-08: the row names the option (MTH-04). */
  recordDefault: (c: SecurityInfoContext): Partial<SecurityInfoContext> => {
    const o = c.option as DefaultOptionId;
    return { option: null, page: withDefault(c.page, o), audit: [...c.audit, audit.defaultChanged(o)] };
  },
  /** MNG-05, AUD-09. */
  auditDefaultFailed: (c: SecurityInfoContext): Partial<SecurityInfoContext> =>
    ({ audit: [...c.audit, audit.defaultChangeFailed(c.option as DefaultOptionId)] }),
  /** MNG-06. */
  switchDirectory: (c: SecurityInfoContext): Partial<SecurityInfoContext> => ({ page: switchedDirectory(c.page) }),
  /** GATE-04, MNG-07: the simulated clock moves past the window. */
  waitForPropagation: (c: SecurityInfoContext): Partial<SecurityInfoContext> => ({ page: afterPropagation(c.scenario, c.page) }),
};

const update = manageUpdates;

/** An `assign` over a pure update, typed for any host whose context is `SecurityInfoContext`. */
const act = (f: (c: SecurityInfoContext, e: RegsimEvent) => Partial<SecurityInfoContext>) =>
  assign<SecurityInfoContext, RegsimEvent, undefined, RegsimEvent, never>(({ context, event }) => f(context, event));

/** The named actions the host registers (spread into `setup({ actions })`). */
export const manageActions = {
  actOn: act(update.actOn),
  chooseOption: act(update.chooseOption),
  release: act(update.release),
  recordAdded: act(update.recordAdded),
  recordDeleted: act(update.recordDeleted),
  auditDeleteFailed: act(update.auditDeleteFailed),
  recordDefault: act(update.recordDefault),
  auditDefaultFailed: act(update.auditDefaultFailed),
  switchDirectory: act(update.switchDirectory),
  waitForPropagation: act(update.waitForPropagation),
};

/** Where leaving the page goes in the host. */
export interface ManageExits {
  /** PK-03: the passkey ceremony hangs while adding a security key. */
  stuck: Exit;
  /** The user signs out (manage mode). */
  signOut?: Exit;
  /** The user is done editing (REF-03: back to the review page). */
  done?: Exit;
}

export interface ManageOptions {
  /** MNG-06: the page offers Switch directory (My Account, not the sign-in review). */
  switchDirectory?: boolean;
}

/**
 * The page's states, to spread into the host's `states` (or a host state's).
 * `root` is the absolute path of the state that holds them (`manage`,
 * `ssprRefresh.editing`), so deep transitions can name their targets.
 */
export function manageStates(root: string, exits: ManageExits, options: ManageOptions = {}): Record<string, StateFragment> {
  const overview = `#${root}.overview`;
  const back = { target: 'overview', actions: 'release' };
  return {
    overview: {
      meta: meta('securityInfo.overview', 'Security info: the methods held in this directory and the default sign-in method.', ['MNG-01', 'MTH-04']),
      on: {
        ADD_METHOD: { target: 'addPicker', ...rules('MNG-02') },
        CHANGE: { guard: 'isChangeable', target: 'changing', actions: 'actOn', ...rules('MNG-03') },
        DELETE: { guard: 'isDeletable', target: 'confirmDelete', actions: 'actOn', ...rules('MNG-04') },
        CHANGE_DEFAULT: { guard: 'hasDefaultChoices', target: 'defaultPicker', ...rules('MNG-05', 'MTH-04') },
        WAIT_FOR_PROPAGATION: { guard: 'propagationPending', actions: 'waitForPropagation', ...rules('GATE-04', 'MNG-07') },
        ...(options.switchDirectory
          ? { SWITCH_DIRECTORY: { guard: 'canSwitchDirectory', actions: 'switchDirectory', ...rules('MNG-06') } }
          : {}),
        ...(exits.signOut ? { SIGN_OUT: { ...exits.signOut, ...rules('MNG-01') } } : {}),
        ...(exits.done ? { DONE: { ...exits.done, ...rules('REF-03') } } : {}),
      },
    },
    addPicker: {
      meta: meta('securityInfo.addPicker', '"Add a method": the methods the policy in force lets the user add; disabled, not yet propagated and maxed-out methods are missing.', ['MNG-02', 'MNG-07', 'MTH-01', 'MTH-02', 'GATE-04']),
      on: {
        SELECT_METHOD: { guard: 'isAddable', target: 'adding', actions: 'actOn', ...rules('MNG-02', 'MTH-01', 'MTH-02') },
        BACK: { target: 'overview' },
      },
    },
    adding: {
      meta: meta('securityInfo.adding', 'The user sets up the chosen method with the same screens as the sign-in wizard.', ['MNG-02', 'AUD-03']),
      on: {
        CANCEL: { ...back },
        CHOOSE_DIFFERENT_METHOD: { target: 'addPicker', actions: 'release', ...rules('MNG-02') },
      },
      ...methodSetupStates({ done: { target: overview, actions: 'recordAdded' }, stuck: exits.stuck, officeNumber: 'entered' }),
    },
    changing: {
      meta: meta('securityInfo.changing', 'The user edits the number or address of the method and saves it.', ['MNG-03']),
      on: {
        BACKEND_OK: { ...back, ...rules('MNG-03') },
        BACKEND_FAILED: { target: 'changeFailed', ...rules('MNG-03') },
      },
    },
    changeFailed: {
      meta: meta('securityInfo.changeFailed', 'The change could not be saved; the method keeps its old details.', ['MNG-03']),
      on: { BACK: back },
    },
    confirmDelete: {
      meta: meta('securityInfo.confirmDelete', 'The user is asked to confirm deleting the method.', ['MNG-04']),
      on: { CONFIRM: { target: 'deleting', ...rules('MNG-04') }, CANCEL: back },
    },
    deleting: {
      meta: meta('securityInfo.deleting', 'The service deletes the method.', ['MNG-04']),
      on: {
        BACKEND_OK: { target: 'overview', actions: 'recordDeleted', ...rules('MNG-04', 'AUD-06') },
        BACKEND_FAILED: { target: 'deleteFailed', actions: 'auditDeleteFailed', ...rules('MNG-04', 'AUD-07') },
      },
    },
    deleteFailed: {
      meta: meta('securityInfo.deleteFailed', 'The delete failed on the backend; the method is still registered.', ['MNG-04', 'AUD-07']),
      on: { BACK: back },
    },
    defaultPicker: {
      meta: meta('securityInfo.defaultPicker', '"Change default sign-in method": the sign-in options the methods held give (Authenticator notification, app or token code, phone call, text message), except the current default.', ['MNG-05', 'MTH-04', 'MTH-06']),
      on: {
        SELECT_DEFAULT: { guard: 'isDefaultChoice', target: 'savingDefault', actions: 'chooseOption', ...rules('MNG-05', 'MTH-04') },
        BACK: { target: 'overview' },
      },
    },
    savingDefault: {
      meta: meta('securityInfo.savingDefault', 'The service saves the new default sign-in option.', ['MNG-05']),
      on: {
        BACKEND_OK: { target: 'overview', actions: 'recordDefault', ...rules('MNG-05', 'AUD-08') },
        BACKEND_FAILED: { target: 'defaultFailed', actions: 'auditDefaultFailed', ...rules('MNG-05', 'AUD-09') },
      },
    },
    defaultFailed: {
      meta: meta('securityInfo.defaultFailed', 'The default could not be changed; the previous default option stays.', ['MNG-05', 'AUD-09']),
      on: { BACK: back },
    },
  };
}

// ─── what path generation keys on ───────────────────────────────────────────

/**
 * A directory's list as the key sees it, page order: each method held with
 * its registrations as the rules count them (one, several, the maximum;
 * MTH-02, MNG-04) and whether its number is virtual (MTH-06), and the default. The exact count is the snapshot's, never
 * the key's: two pages that differ only inside "several" behave alike.
 */
const lists = { resource: new WeakMap<DirectoryPage, string>(), home: new WeakMap<DirectoryPage, string>() };
/** A directory's list as one word of the key, after the separator that says which directory it is. */
const observeList = (page: DirectoryPage, directory: 'resource' | 'home'): string => {
  // Pages are never changed in place (updates make new ones): each is described once.
  let seen = lists[directory].get(page);
  if (seen === undefined) {
    const methods = page.methods.map((h) => {
      const r = registrations(h.method, h.count);
      // MTH-06: a virtual number gives no sign-in option to make default.
      return `${h.method}${r === 'one' ? '' : `×${r}`}${h.virtual ? ' (virtual)' : ''}`;
    });
    lists[directory].set(page, (seen = `|${directory === 'home' ? ' home:' : ''} ${methods.join(', ')}; default ${defaultOf(page) ?? 'none'}`));
  }
  return seen;
};

/** The directory shown, and whether a policy change is still on its way there: four words, made once. */
const DIRECTORY_SHOWN = {
  resource: { now: 'resource', pending: 'resource pending' },
  home: { now: 'home', pending: 'home pending' },
} as const;

/**
 * What a user sees or a guard reads — never the audit log — as the key's
 * words: the method and the default option acted on, the directory shown,
 * whether a policy change is still on its way, each directory's list.
 * Shared by `manage` and `ssprRefresh`.
 */
export const observeSecurityInfo = (c: SecurityInfoContext, into: string[]): void => {
  const shown = DIRECTORY_SHOWN[c.page.directory];
  into.push(c.current ?? '-', c.option ?? '-', propagationPendingNow(c.scenario, c.page) ? shown.pending : shown.now, observeList(c.page.resource, 'resource'));
  if (c.page.home) into.push(observeList(c.page.home, 'home'));
};

/** The list of the directory shown, for tests and traces. */
export const pageShown = (c: SecurityInfoContext): DirectoryPage => shownPage(c.page);

// ─── exploring the page part by part ────────────────────────────────────────

/** The part of the page an event acts on: the method it names, or the default (MNG-05); null for the rest. */
const partActedOn = (e: RegsimEvent): PagePart | null => {
  const m = eventMethod(e);
  if (m !== null) return partOf(m);
  return e.type === 'CHANGE_DEFAULT' || e.type === 'SELECT_DEFAULT' ? 'default' : null;
};

/**
 * Which events exploring keeps when it takes the page one part at a time
 * (`src/paths/graph.ts`): an event acting on one part of the page only while
 * no other part differs from the page as it opened. Every page reached then
 * differs from the opened one in one part at most, and each part goes
 * through every value it can take. Since no guard, screen or update reads
 * one part to decide about another (`PagePart`), what acting on a part does
 * there is what it does beside any value of the other parts: every state,
 * transition, rule and invariant result of the whole page shows up in one
 * part's pages. Null when the page does not split (`pageSplitsIntoParts`).
 *
 * An update that changed two parts at once would break that argument:
 * exploring stops with an error at such a page instead of going on. Events
 * that act on no part (Add method, Back, Cancel, every step of a setup, Sign
 * out, Done) are kept everywhere, so no state loses its way out.
 */
export function onePartAtATime(scenario: Scenario): PartByPart | null {
  if (!pageSplitsIntoParts(scenario)) return null;
  const opened = openSecurityInfo(scenario).resource;
  const seen = new WeakMap<DirectoryPage, PagePart | null>();
  const changed = (page: DirectoryPage): PagePart | null => {
    let part = seen.get(page);
    if (part === undefined) {
      const parts = [...changedParts(opened, page)];
      if (parts.length > 1) throw new Error(`the Security info page does not split into parts: ${parts.join(' and ')} changed together`);
      seen.set(page, (part = parts[0] ?? null));
    }
    return part;
  };
  const any = () => true;
  return {
    wholePages: wholePages(scenario),
    keep: (c) => {
      const part = changed(c.page.resource);
      if (part === null) return any;
      return (e) => { const acted = partActedOn(e); return acted === null || acted === part; };
    },
  };
}

/** Exploring a page part by part (`onePartAtATime`). */
export interface PartByPart {
  /** The events to keep in a state with this context. */
  keep: (c: SecurityInfoContext) => (e: RegsimEvent) => boolean;
  /** About how many distinct pages the whole page has: what exploring it whole would multiply its screens by. */
  wholePages: number;
}

/**
 * Each method the page can add takes its registrations' values (none, one,
 * several, the maximum: `registrations`), and the default any option or
 * none: the pages a whole exploration would meet, at most.
 */
function wholePages(scenario: Scenario): number {
  const opened = openSecurityInfo(scenario);
  const addable = addableNow(scenario, opened);
  const values = (m: MethodId) => { const max = METHODS[m].max; return max === null || max > 2 ? 4 : max + 1; };
  return addable.reduce((n, m) => n * values(m), 1) * (Object.keys(DEFAULT_OPTIONS).length + 1);
}
