/** State ids as users write them in scenarios: the dotted path of the active leaf. */
import type { AnyMachineSnapshot, StateValue } from 'xstate';

export function stateIdOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  // The machines have no parallel states: one active child per level.
  const key = keys[0];
  if (key === undefined) return '';
  const child = value[key];
  const rest = child === undefined ? '' : stateIdOf(child as StateValue);
  return rest ? `${key}.${rest}` : key;
}

export const snapshotStateId = (s: AnyMachineSnapshot): string => stateIdOf(s.value);

/** `wizard.setup` matches `wizard.setup.email.enterCode`: a prefix on segment boundaries. */
export const stateMatches = (actual: string, expected: string): boolean =>
  actual === expected || actual.startsWith(`${expected}.`);
