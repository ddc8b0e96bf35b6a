/**
 * The yardstick wizard as both sides of the benchmark walk it: every event
 * in every state, states keyed as `xstate/graph` keys them by default
 * (value and context), and a digest of a set of paths, so regsim's listing
 * and `getSimplePaths` can be shown to be the same set before they are timed.
 */
import { createHash } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import type { RegsimEvent } from '../machines/events.ts';
import { exploreMachine, oneWord, type StateGraph } from '../src/paths/graph.ts';
import { YARDSTICK_EVENTS, yardstickMachine } from './yardstick.machine.ts';

/** `xstate/graph`'s default key. */
export const yardstickKey = (s: AnyMachineSnapshot): string => JSON.stringify({ value: s.value, context: s.context });

export const yardstickGraph = (required: number): StateGraph => exploreMachine(yardstickMachine, { required }, {
  name: `yardstick (required ${required})`,
  events: () => YARDSTICK_EVENTS as unknown as RegsimEvent[],
  keyWords: oneWord(yardstickKey),
  maxStates: 10_000,
});

/** One hash for a set of paths, whatever order they come in: the sorted hashes of "events ⇒ final key". */
export function pathDigest(paths: Iterable<{ labels: readonly string[]; final: string }>): string {
  const hashes: string[] = [];
  for (const p of paths) hashes.push(createHash('sha256').update(`${p.labels.join(' ')} ⇒ ${p.final}`).digest('hex'));
  hashes.sort();
  return createHash('sha256').update(hashes.join('\n')).digest('hex');
}
