/**
 * What the inspector can switch to without a restart: the scenarios of the
 * directory its file is in (each with its matrix variants), and the
 * generated paths of the scenario shown — by criterion, as `regsim paths`
 * lists them, plus the scenario's own scripted walk — to play step by step.
 * Only files listed here can be loaded: the page names a file by what it
 * was offered, never by a path it makes up.
 */
import { dirname } from 'node:path';
import type { RegsimEvent } from '../../machines/events.ts';
import { loadAll } from '../cli/loadAll.ts';
import { SCREENS } from '../../machines/catalogue/index.ts';
import { eventLabel } from '../export/labels.ts';
import { WALK_ID, generatePaths, planScenario } from '../paths/generate.ts';
import { endScreen, type TestPath } from '../paths/path.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';
import { variantLabel } from '../scenario/matrix.ts';
import type { LoadLimits } from '../scenario/limits.ts';

export interface ScenarioChoice {
  file: string;
  name: string;
  flow: string;
  /** Variant labels, 1-based in order (`[null]` without a matrix). */
  variants: Array<string | null>;
}

export const PATH_CRITERIA = ['walk', 'transitions', 'states', 'rules', 'simple'] as const;
export type PathCriterion = (typeof PATH_CRITERIA)[number];

/** Paths listed per criterion: simple paths grow exponentially. */
export const PATH_LIMIT = 200;

export interface PathChoice {
  id: string;
  description: string;
  final: string;
  /** The name of the screen it ends on. */
  ends: string;
  complete: boolean;
  rules: string[];
  steps: Array<{ event: string; label: string; state: string }>;
  events: RegsimEvent[];
}

/** A path in the words the buttons and screens use: `Redirect to the home tenant → Sent home → Next ⇒ Wizard canceled`. */
function choice(p: TestPath): PathChoice {
  const ends = SCREENS[endScreen(p)].name;
  return {
    id: p.id,
    description: `${[SCREENS[p.startAt[0]!].name, ...p.steps.map((s) => eventLabel(s.send))].join(' → ')} ⇒ ${ends}`,
    final: p.final, ends, complete: p.complete, rules: p.rules,
    steps: p.steps.map((s) => ({ event: s.event, label: eventLabel(s.send), state: s.state })), events: p.steps.map((s) => s.send),
  };
}

export class Library {
  private scenarios: ScenarioChoice[] | undefined;
  private readonly loaded = new Map<string, ExpandedScenario[]>();
  private readonly paths = new Map<string, { paths: PathChoice[]; more: boolean }>();

  constructor(private readonly file: string, private readonly limits?: LoadLimits) {}

  /** The scenario files beside the one the inspector was started with, in file order. */
  list(): ScenarioChoice[] {
    if (!this.scenarios) {
      const all = loadAll([dirname(this.file)], this.limits);
      const byFile = new Map<string, ExpandedScenario[]>();
      for (const { file, scenario } of all.scenarios) byFile.set(file, [...(byFile.get(file) ?? []), scenario]);
      for (const [file, variants] of byFile) this.loaded.set(file, variants);
      this.scenarios = [...byFile].map(([file, variants]) => ({
        file, name: variants[0]!.name.replace(/ \[.*\]$/, ''), flow: variants[0]!.flow,
        variants: variants.map((v) => (Object.keys(v.variant).length ? variantLabel(v.variant) : null)),
      }));
      if (!byFile.has(this.file)) this.scenarios.unshift(...this.own());
    }
    return this.scenarios;
  }

  private own(): ScenarioChoice[] {
    const variants = loadAll([this.file], this.limits).scenarios.map((s) => s.scenario);
    this.loaded.set(this.file, variants);
    return variants.length ? [{ file: this.file, name: variants[0]!.name.replace(/ \[.*\]$/, ''), flow: variants[0]!.flow, variants: variants.map((v) => (Object.keys(v.variant).length ? variantLabel(v.variant) : null)) }] : [];
  }

  /** A listed file's variant (1-based), or why not. */
  scenario(file: string, variant: number): ExpandedScenario | string {
    const listed = this.list().find((s) => s.file === file);
    if (!listed) return `"${file}" is not one of the scenarios listed by GET /scenarios`;
    const variants = this.loaded.get(file)!;
    if (!Number.isInteger(variant) || variant < 1 || variant > variants.length) return `variant must be 1..${variants.length} for ${file}`;
    return variants[variant - 1]!;
  }

  /** The scenario's paths under a criterion (at most PATH_LIMIT); `walk` is its scripted steps (`W001`). */
  pathsOf(scenario: ExpandedScenario, criterion: PathCriterion): { paths: PathChoice[]; more: boolean } {
    const key = JSON.stringify([scenario.id, scenario.flow, criterion]);
    let hit = this.paths.get(key);
    if (hit) return hit;
    const paths: PathChoice[] = [];
    let more = false;
    // The scripted walk is W001, listed before every criterion's paths; alone under `walk`.
    const listed = generatePaths(planScenario(scenario), { criterion: criterion === 'walk' ? 'transitions' : criterion, walk: criterion === 'walk' });
    for (const p of listed) {
      if (criterion === 'walk' && p.id !== WALK_ID) break;
      if (paths.length === PATH_LIMIT) { more = true; break; }
      paths.push(choice(p));
    }
    hit = { paths, more };
    this.paths.set(key, hit);
    return hit;
  }
}
