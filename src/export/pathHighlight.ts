/**
 * `--highlight T003 --scenario FILE`: a path of `regsim paths`, by the id it
 * prints, as the states and transitions a diagram highlights. The id's
 * letter is its criterion (`S`tates, `T`ransitions, `P` simple, `R`ules,
 * `X` random walks; `W001` is the scenario's scripted walk), so the path is
 * generated again exactly as `paths` lists it — same scenario, same variant,
 * same seed — and every transition it takes, eventless ones included, is lit.
 */
import { loadAll } from '../cli/loadAll.ts';
import { UsageError } from '../cli/output.ts';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import type { Flow } from '../scenario/schema.ts';
import { CRITERION_PREFIX, WALK_ID, generatePaths, passedThrough, planScenario, type ScenarioPlan } from '../paths/generate.ts';
import type { Criterion, RandomGoal } from '../paths/cover.ts';
import type { TestPath } from '../paths/path.ts';
import type { Highlight } from './model.ts';

const PREFIXES = Object.entries(CRITERION_PREFIX) as Array<[Criterion, string]>;

export const isPathId = (id: string): boolean => id === WALK_ID || (/^[A-Z]\d{3,}$/.test(id) && PREFIXES.some(([, p]) => id.startsWith(p)));

/** The criterion that lists a path id; the scripted walk comes first under every one. */
export const criterionOf = (id: string): Criterion => (id === WALK_ID ? 'transitions' : PREFIXES.find(([, p]) => id.startsWith(p))![0]);

export interface PathSource {
  /** 1-based matrix variant (default 1). */
  variant?: string;
  seed?: number;
  until?: string;
}

/** The path with this id in a plan, or undefined. Paths are generated lazily and stop at the id. */
export function findPath(plan: ScenarioPlan, id: string, source: Pick<PathSource, 'seed' | 'until'> = {}): TestPath | undefined {
  const criterion = criterionOf(id);
  const random = { seed: source.seed ?? 1, until: (source.until ?? 'transitions') as RandomGoal };
  for (const p of generatePaths(plan, { criterion, random })) if (p.id === id) return p;
  return undefined;
}

/** The states and transitions one path takes, as a highlight. */
export function highlightOfPath(plan: ScenarioPlan, path: TestPath): Highlight {
  const g = plan.graph;
  const transitions = new Set<string>(g.initialTransitions);
  for (const i of path.edges) for (const t of g.edges[i]!.transitions) transitions.add(t);
  // The states the transitions leave, the eventless gate passed through included.
  const passed = passedThrough(transitions);
  return { states: new Set([...passed, path.start, ...path.steps.map((s) => s.state)]), transitions };
}

export function pathHighlight(file: string, ids: readonly string[], source: PathSource = {}): { flow: Flow; highlight: Highlight } {
  const loaded = loadAll([file]);
  if (loaded.errors.length) throw new UsageError(`--scenario ${file} does not load:\n${loaded.errors.map(formatDiagnostic).join('\n')}`);
  const n = source.variant === undefined ? 1 : Number(source.variant);
  if (!Number.isInteger(n) || n < 1 || n > loaded.scenarios.length) throw new UsageError(`--variant must be 1..${loaded.scenarios.length} for ${file} (got ${source.variant})`);
  const { scenario } = loaded.scenarios[n - 1]!;
  const plan = planScenario(scenario);
  const states = new Set<string>();
  const transitions = new Set<string>();
  for (const id of ids) {
    const path = findPath(plan, id, source);
    if (!path) throw new UsageError(`--highlight: "${scenario.id}" has no path ${id}; \`regsim paths ${file} --cover ${criterionOf(id)}\` lists its paths`);
    const h = highlightOfPath(plan, path);
    for (const s of h.states) states.add(s);
    for (const t of h.transitions) transitions.add(t);
  }
  return { flow: scenario.flow, highlight: { states, transitions } };
}
