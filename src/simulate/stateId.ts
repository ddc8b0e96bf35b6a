/** State ids as users write them in scenarios: the dotted path of the active leaf. */
import type { AnyMachineSnapshot, AnyStateNode, StateValue } from 'xstate';

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

const idByLeaf = new WeakMap<AnyStateNode, string>();

/** The dotted id of a snapshot's active leaf (remembered per leaf: every step of every graph asks). */
export function snapshotStateId(s: AnyMachineSnapshot): string {
  const leaf = activeLeaf(s);
  if (!leaf) return stateIdOf(s.value);
  let id = idByLeaf.get(leaf);
  if (id === undefined) idByLeaf.set(leaf, (id = stateIdOf(s.value)));
  return id;
}

/** `wizard.setup` matches `wizard.setup.email.enterCode`: a prefix on segment boundaries. */
export const stateMatches = (actual: string, expected: string): boolean =>
  actual === expected || actual.startsWith(`${expected}.`);

/** The active state nodes, as XState keeps them (`_nodes`: not in document order). */
export const activeNodes = (s: AnyMachineSnapshot): readonly AnyStateNode[] => (s as unknown as { _nodes: readonly AnyStateNode[] })._nodes;

/** Active state nodes, deepest first: the order XState tries their transitions in. Depth is read off each node's path. */
export const deepestFirst = (nodes: readonly AnyStateNode[]): AnyStateNode[] => [...nodes].sort((a, b) => b.path.length - a.path.length);

/**
 * The one active atomic (or final) state node — what names the whole
 * configuration in machines without parallel states — or undefined when
 * several are active. `_nodes` is not in document order (a final state comes
 * before the root), so it is looked for, not taken from the end.
 */
export function activeLeaf(s: AnyMachineSnapshot): AnyStateNode | undefined {
  let leaf: AnyStateNode | undefined;
  for (const n of activeNodes(s)) {
    if (n.type !== 'atomic' && n.type !== 'final') continue;
    if (leaf) return undefined;
    leaf = n;
  }
  return leaf;
}
