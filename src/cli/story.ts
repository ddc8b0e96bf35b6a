/**
 * `regsim story <scenario>`: one path of a scenario as a storyboard — the
 * screens in order with their text, the user's action to each next one and
 * the audit rows — in Markdown or HTML. The scenario's own walk (W001) by
 * default, else its first transitions path that ends well; `--path` picks any
 * path id that `regsim paths` lists.
 */
import type { LoadLimits } from '../scenario/limits.ts';
import { storyHtml, storyMarkdown, storyboard } from '../export/story.ts';
import { CRITERIA, type Criterion } from '../paths/cover.ts';
import { CRITERION_PREFIX, WALK_ID, generatePaths, planScenario } from '../paths/generate.ts';
import { endScreen, type TestPath } from '../paths/path.ts';
import { loadAll } from './loadAll.ts';
import { UsageError, dim, writeOut } from './output.ts';
import { reportLoad } from './run.ts';

export interface StoryOptions {
  path: string | undefined;
  format: string | undefined;
  variant: string | undefined;
  out: string | undefined;
  seed: number;
  limits?: LoadLimits;
}

const criterionOf = (id: string): Criterion | undefined => CRITERIA.find((c) => id.startsWith(CRITERION_PREFIX[c]));

/** Where a storyboard ends well: the user gets what they came for. */
const GOOD_ENDS: ReadonlySet<string> = new Set(['outcome.registrationComplete', 'outcome.accessGranted', 'outcome.registered', 'outcome.skipped']);

/** Without --path: the scenario's walk, else its first transitions path that ends well, else its first. */
function defaultPath(plan: ReturnType<typeof planScenario>): string {
  if (plan.scenario.steps.length) return WALK_ID;
  let first: string | undefined;
  for (const p of generatePaths(plan, { criterion: 'transitions', walk: false })) {
    first ??= p.id;
    if (p.complete && GOOD_ENDS.has(endScreen(p))) return p.id;
  }
  return first ?? `${CRITERION_PREFIX.transitions}001`;
}

/** The path `id` of the scenario: W001 is its walk, T003 the third transitions path, S002 the second states path… */
function findPath(plan: ReturnType<typeof planScenario>, name: string, id: string | undefined, seed: number): TestPath {
  const wanted = id ?? defaultPath(plan);
  const criterion = criterionOf(wanted) ?? 'transitions';
  const paths = generatePaths(plan, { criterion, walk: wanted === WALK_ID, random: { seed, until: 'transitions' } });
  const listed: string[] = [];
  for (const p of paths) {
    if (p.id === wanted) return p;
    if (listed.length < 12) listed.push(p.id);
  }
  const hint = wanted === WALK_ID ? 'this scenario has no steps to walk' : `its ${criterion} paths: ${listed.join(', ') || 'none'}${listed.length === 12 ? ', …' : ''}`;
  throw new UsageError(`no path ${wanted} in "${name}"; ${hint} (path ids are as \`regsim paths\` lists them: ${WALK_ID}, T001, S001, P001, R001, X001)`);
}

export function storyCommand(files: string[], o: StoryOptions): number {
  if (files.length !== 1) throw new UsageError('story needs one scenario file, e.g. `regsim story scenarios/walk-interrupt-int06-swap-to-email.yaml`');
  const format = o.format ?? 'md';
  if (format !== 'md' && format !== 'html') throw new UsageError(`--format must be md or html (got "${format}")`);
  const loaded = loadAll(files, o.limits);
  reportLoad(loaded);
  if (loaded.failed.length || !loaded.scenarios.length) return 2;
  const n = o.variant === undefined ? 1 : Number(o.variant);
  if (!Number.isInteger(n) || n < 1 || n > loaded.scenarios.length) {
    throw new UsageError(`--variant must be 1 to ${loaded.scenarios.length} (got "${o.variant}")`);
  }
  const { file, scenario } = loaded.scenarios[n - 1]!;
  if (o.variant === undefined && loaded.scenarios.length > 1) {
    process.stderr.write(dim(`${files[0]} has ${loaded.scenarios.length} variants; this is the first (--variant N for another)\n`));
  }
  const story = storyboard(scenario, file, findPath(planScenario(scenario), scenario.id, o.path, o.seed));
  const text = format === 'html' ? storyHtml(story) : storyMarkdown(story);
  if (o.out) writeOut(o.out, text);
  else process.stdout.write(text);
  return 0;
}
