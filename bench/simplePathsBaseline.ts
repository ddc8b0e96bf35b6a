/**
 * The baseline `npm run bench` runs once, in its own process (it takes
 * minutes and some 700 MB): `xstate/graph`'s `getSimplePaths` on the
 * yardstick wizard. Prints one JSON line: how long it took (CPU time), how many paths
 * it found (all, and to final states) and the digest of the paths to final
 * states that regsim's listing must match.
 */
import { getSimplePaths } from 'xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import { formatEvent } from '../src/simulate/events.ts';
import type { RegsimEvent } from '../machines/events.ts';
import { YARDSTICK_EVENTS, yardstickMachine } from './yardstick.machine.ts';
import { pathDigest, yardstickKey } from './yardstick.ts';

const required = Number(process.argv[2] ?? 1);
// CPU time, as the rest of the benchmark measures this process's side.
const started = process.cpuUsage();
const paths = getSimplePaths(yardstickMachine, { input: { required }, events: YARDSTICK_EVENTS });
const spent = process.cpuUsage(started);
const ms = (spent.user + spent.system) / 1000;
const finals = paths.filter((p) => (p.state as AnyMachineSnapshot).status === 'done');
const digest = pathDigest(finals.map((p) => ({
  labels: p.steps.filter((s) => !s.event.type.startsWith('xstate.')).map((s) => formatEvent(s.event as unknown as RegsimEvent)),
  final: yardstickKey(p.state as AnyMachineSnapshot),
})));
process.stdout.write(`${JSON.stringify({ ms, all: paths.length, finals: finals.length, digest })}\n`);
