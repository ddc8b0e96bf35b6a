/**
 * The machines by flow name, with what path generation keys states on: the
 * active state plus the context a user can see or a guard reads — never the
 * audit log, which only records the path taken.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { Flow, Scenario } from '../src/scenario/schema.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';
import { interruptMachine } from './interrupt.machine.ts';
import { passkeyMachine } from './passkey.machine.ts';
import { manageMachine, manageObserve } from './manage.machine.ts';
import { ssprRefreshMachine, ssprRefreshObserve } from './ssprRefresh.machine.ts';
import { b2bMfaTrustMachine, b2bMfaTrustObserve } from './b2bMfaTrust.machine.ts';
import { registrationObserved } from './fragments/registration.ts';
import { onePartAtATime, type PartByPart } from './fragments/manage.ts';

export interface MachineEntry {
  flow: Flow;
  machine: AnyStateMachine;
  title: string;
  /**
   * What in the context tells two snapshots in the same state apart, as
   * words pushed onto `into`. Each word is a string the flow keeps (a method
   * id, a list described once per page), not text built anew: exploring finds
   * a state by its words, and a word seen before is found without hashing it again.
   * Each flow pushes the same words in the same slots (a list's word starts
   * with the `|` that says which directory it is), so keys that differ in
   * their words differ in their text too.
   */
  observe: (context: any, into: string[]) => void;
  /**
   * For a flow on the Security info page: how to explore the page one part
   * at a time (`onePartAtATime`), or null where this scenario's page does not split.
   */
  parts?: (scenario: Scenario) => PartByPart | null;
}

export const MACHINES: Readonly<Record<Flow, MachineEntry>> = {
  interrupt: { flow: 'interrupt', machine: interruptMachine, title: 'Interrupt mode (sign-in wizard)', observe: registrationObserved },
  manage: { flow: 'manage', machine: manageMachine, title: 'Manage mode (Security info page)', observe: manageObserve, parts: onePartAtATime },
  ssprRefresh: { flow: 'ssprRefresh', machine: ssprRefreshMachine, title: 'SSPR refresh (review at the interval)', observe: ssprRefreshObserve, parts: onePartAtATime },
  b2bMfaTrust: { flow: 'b2bMfaTrust', machine: b2bMfaTrustMachine, title: 'B2B guest with cross-tenant MFA trust', observe: b2bMfaTrustObserve },
  passkey: { flow: 'passkey', machine: passkeyMachine, title: 'Passkey ceremony (WebAuthn per client)', observe: () => {} },
};

export const machineFor = (flow: Flow): MachineEntry => MACHINES[flow];

/**
 * The words of the key path generation uses for a snapshot, in `into`: the
 * active state, then what `observe` says the context tells apart. A final
 * state accepts no event and shows one screen, so whatever led there it is
 * one state.
 */
export function snapshotKeyWords(entry: MachineEntry, s: AnyMachineSnapshot, into: string[] = []): string[] {
  into.length = 0;
  into.push(snapshotStateId(s));
  if (s.status !== 'done') entry.observe(s.context, into);
  return into;
}

/** A snapshot's key as text: its words, space-separated. */
export const snapshotKey = (entry: MachineEntry, s: AnyMachineSnapshot): string => snapshotKeyWords(entry, s).join(' ');
