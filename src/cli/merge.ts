/**
 * `regsim merge <shard.json>...`: the JSON reports of `paths --shard i/n
 * --format json` or `check --shard i/n --json`, one per CI machine, put back
 * together into the report one unsharded run prints — the same bytes, apart
 * from `check`'s wall-clock `timing` (summed over the shards).
 *
 * A shard lists only its share (see `shard.ts`) plus what merging needs and
 * an unsharded report does not show: the ids each scenario's paths covered,
 * and each machine's. Coverage is computed from their union, by the same
 * code that computes it in one run, and written by the same writer.
 */
import { readFileSync } from 'node:fs';
import { MACHINES } from '../../machines/index.ts';
import type { Flow } from '../scenario/schema.ts';
import { writerFor, type FailedScenario, type ScenarioHeader } from '../paths/formats.ts';
import { coverageOf, type CoveredIds } from '../paths/generate.ts';
import { MachineCoverageAcc, type MachineCovered } from '../paths/machineCoverage.ts';
import type { Coverage } from '../paths/generate.ts';
import type { TestPath } from '../paths/path.ts';
import { reportOf, type CheckReport, type CheckedScenario } from './check.ts';
import type { FileFailure } from './loadAll.ts';
import { UsageError } from './output.ts';
import { inFileOrder } from './run.ts';
import { sameInEveryShard } from './paths.ts';
import { unshardedIndex, type Shard } from './shard.ts';
import { Output } from './stream.ts';
import { eventTypeOfLabel } from '../simulate/events.ts';
import type { RegsimEvent } from '../../machines/events.ts';

interface PathsEntry { name: string; file: string; flow: Flow; paths: TestPath[]; coverage: Coverage; note?: string; covered: CoveredIds }
interface PathsShard { scenarios: Array<PathsEntry | (FailedScenario & { name: string | null })>; shard: Shard & { machines: MachineCovered[] } }
type CheckShard = CheckReport & { shard: Shard };

const isPathsEntry = (e: PathsShard['scenarios'][number]): e is PathsEntry => 'paths' in e;
/** A file that did not load: the same entry in every shard. */
const isUnloadable = (r: CheckedScenario): boolean => r.diagnostics !== undefined;

function read(file: string): { file: string; doc: PathsShard | CheckShard } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: not a JSON report (${(e as Error).message}); merge reads what \`paths --format json --shard i/n\` or \`check --json --shard i/n\` wrote`);
  }
  const shard = (doc as { shard?: Shard } | null)?.shard;
  if (!shard || !Number.isInteger(shard.index) || !Number.isInteger(shard.total)) {
    throw new UsageError(`${file}: not a shard's report (no "shard" field); run paths or check with --shard i/n to make one`);
  }
  return { file, doc: doc as PathsShard | CheckShard };
}

/** Exactly one report per shard of one split. */
function completeSplit(shards: Array<{ file: string; doc: { shard: Shard } }>): void {
  const total = shards[0]!.doc.shard.total;
  const seen = new Map<number, string>();
  for (const { file, doc } of shards) {
    if (doc.shard.total !== total) throw new UsageError(`${file} is shard ${doc.shard.index}/${doc.shard.total}, but ${shards[0]!.file} is one of ${total}`);
    const twice = seen.get(doc.shard.index);
    if (twice) throw new UsageError(`${twice} and ${file} are both shard ${doc.shard.index}/${total}`);
    seen.set(doc.shard.index, file);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new UsageError(`shard ${missing.map((i) => `${i}/${total}`).join(', ')} missing: merge needs every shard's report`);
}

export async function mergeCommand(files: string[]): Promise<number> {
  if (files.length === 0) throw new UsageError('merge needs the shards\' JSON reports, e.g. `regsim merge paths-1.json paths-2.json`');
  const shards = files.map(read).sort((a, b) => a.doc.shard.index - b.doc.shard.index);
  completeSplit(shards);
  const kinds = new Set(shards.map(({ doc }) => ('summary' in doc ? 'check' : 'paths')));
  if (kinds.size > 1) throw new UsageError('merge takes the shards of one command: these mix paths and check reports');
  const out = Output.toStream(process.stdout);
  const code = kinds.has('check')
    ? mergeChecks(shards.map((s) => s.doc as CheckShard), out)
    : mergePaths(shards as Array<{ file: string; doc: PathsShard }>, out);
  await out.end();
  return code;
}

/** `check`: each shard's scenarios back in unsharded order, the unloadable files among them by file, totals recomputed. */
function mergeChecks(shards: CheckShard[], out: Output): number {
  const rows: CheckedScenario[] = [];
  for (const s of shards) s.scenarios.filter((r) => !isUnloadable(r)).forEach((r, j) => { rows[unshardedIndex(j, s.shard)] = r; });
  const gap = rows.findIndex((r) => r === undefined);
  if (gap >= 0) throw new UsageError(`the shards do not fit together: no report has scenario ${gap + 1}; were they run on the same files?`);
  const unloadable = new Map(shards[0]!.scenarios.filter(isUnloadable).map((r) => [r.file, r]));
  const failures = [...unloadable.values()].map((r): FileFailure => ({ file: r.file, errors: r.diagnostics! }) as FileFailure);
  const all = inFileOrder(rows, failures, (f) => unloadable.get(f.file)!);
  const ms = shards.reduce((n, s) => n + s.timing.ms, 0);
  const report = reportOf(all, shards[0]!.summary.invariants, ms);
  out.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.summary.errors) return 2;
  return report.summary.violations ? 1 : 0;
}

/** `paths`: each scenario's paths from every shard, in id order; coverage from the union of what they covered. */
function mergePaths(shards: Array<{ file: string; doc: PathsShard }>, out: Output): number {
  const first = shards[0]!.doc;
  for (const { file, doc } of shards) {
    if (doc.scenarios.length !== first.scenarios.length) throw new UsageError(`${file} lists ${doc.scenarios.length} scenarios, ${shards[0]!.file} ${first.scenarios.length}: were the shards run on the same files?`);
  }
  const writer = writerFor('json', { open: () => {}, write: (t) => out.write(t) });
  writer.start();
  let dealt = 0;
  first.scenarios.forEach((entry, i) => {
    if (!isPathsEntry(entry)) {
      writer.failed(entry);
      return;
    }
    const parts = shards.map(({ file, doc }) => {
      const e = doc.scenarios[i]!;
      if (!isPathsEntry(e) || e.name !== entry.name || e.file !== entry.file) throw new UsageError(`${file} and ${shards[0]!.file} differ at scenario ${i + 1}: were the shards run on the same files?`);
      if (e.note && !sameInEveryShard(e.note)) throw new UsageError(`${file}: ${e.name}: ${e.note.replace(/\.$/, '')}; merged, it would not be the unsharded report`);
      if (e.note !== entry.note) throw new UsageError(`${file} and ${shards[0]!.file} differ in the note of ${entry.name}: were the shards run with the same options?`);
      return e;
    });
    // The JSON writer reads a header's id, file and flow only: what the shard's report gives back.
    const header = { id: entry.name, file: entry.file, flow: entry.flow } as ScenarioHeader;
    writer.scenario(header);
    // Paths were dealt round robin over every scenario's paths in turn: deal them back in that order.
    const total = parts.reduce((n, e) => n + e.paths.length, 0);
    const next = parts.map(() => 0);
    for (let k = 0; k < total; k++, dealt++) {
      const shard = dealt % parts.length;
      const p = parts[shard]!.paths[next[shard]!++];
      if (!p) throw new UsageError(`${shards[shard]!.file}: ${entry.name}: a path is missing; were the shards run with the same options?`);
      // The report leaves out a step's empty audit list; the writer leaves it out again, and numbers the steps again by their events' types.
      writer.path(header, { ...p, steps: p.steps.map((st) => ({ ...st, audit: st.audit ?? [], send: { type: eventTypeOfLabel(st.event) } as RegsimEvent })) });
    }
    const covered: CoveredIds = {
      states: parts.flatMap((e) => e.covered.states), transitions: parts.flatMap((e) => e.covered.transitions), rules: parts.flatMap((e) => e.covered.rules),
    };
    const { states, transitions, rules } = entry.coverage;
    writer.endScenario(header, coverageOf(covered, { states: states.total, transitions: transitions.total, rules: rules.total }, entry.coverage.reachable), entry.note ?? null);
  });
  const machines = new MachineCoverageAcc();
  for (const { file, doc } of shards) {
    for (const m of doc.shard.machines) {
      const entry = MACHINES[m.machine as Flow];
      if (!entry) throw new UsageError(`${file}: unknown machine "${m.machine}"`);
      machines.addCovered(entry.machine, m);
    }
  }
  writer.end({ machines: machines.report() });
  const failed = first.scenarios.some((e) => !isPathsEntry(e));
  return failed ? 2 : 0;
}
