/**
 * A machine definition as the exporters draw it: its states (tree, kinds,
 * meta) and its transitions (source, event, guard, targets, meta), read from
 * XState's own definition objects in definition order. Every exporter —
 * DOT, Mermaid, Markdown — renders this one model, so they cannot disagree.
 *
 * States are named by their path below the root (`wizard.setup.email`), the
 * way scenarios and `--highlight` name them; transitions by the ids
 * `regsim paths` uses for coverage (`interrupt.wizard.intro:NEXT:1`).
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { RULE_IDS, isRuleId, type RuleId } from '../domain/rules.ts';
import { describeTransition, isForbidden, stateNodesOf } from '../paths/transitions.ts';
import { guardWords } from '../../machines/catalogue/guards.ts';

export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface StateModel {
  /** Path below the root, `.`-joined: `wizard.setup.email`. */
  path: string;
  /** The last segment: `email`. */
  key: string;
  /** The parent's path; `''` for top-level states. */
  parent: string;
  kind: StateKind;
  /** Path of the initial child (compound states). */
  initial: string | undefined;
  /** Paths of the children, in definition order. */
  children: string[];
  description: string | undefined;
  /** `meta.screen`: what the state shows, for the labels. */
  screen: string | undefined;
  rules: RuleId[];
}

export interface TransitionModel {
  /** The coverage id: `interrupt.wizard.intro:NEXT:1`. */
  id: string;
  /** Source state path (`''` for the root). */
  source: string;
  /** The event type, or `always` for eventless transitions. */
  event: string;
  eventless: boolean;
  /** The guard as written: `canSkip`, `settingUp(email)`; undefined when unguarded. */
  guard: string | undefined;
  /**
   * The guard in the catalogue's words (`the user signs in with a Temporary Access Pass`), where it has
   * them; `otherwise` for the unguarded eventless transition taken when its guarded siblings are not.
   */
  when: string | undefined;
  /** Target state paths; empty for a targetless transition (actions only, no state change). */
  targets: string[];
  /** `reenter: true`: the source is exited and entered again. */
  reenter: boolean;
  rules: RuleId[];
  description: string | undefined;
}

export interface MachineModel {
  id: string;
  /** Path of the root's initial state. */
  initial: string | undefined;
  /** Every state below the root, depth first, in definition order. */
  states: StateModel[];
  transitions: TransitionModel[];
}

/** The raw transition definition XState builds from the config (`formatTransition`). */
interface RawTransition {
  source: AnyStateNode;
  eventType: string;
  target?: readonly AnyStateNode[];
  guard?: unknown;
  reenter?: boolean;
  meta?: { rules?: readonly string[]; description?: string };
}

const pathOf = (n: AnyStateNode): string => n.path.join('.');
const rulesIn = (xs: unknown): RuleId[] => (Array.isArray(xs) ? xs.filter((x): x is RuleId => typeof x === 'string' && isRuleId(x)) : []);

/**
 * A guard's name as written in the machine: a string reference, or
 * `{ type, params }` shown as `type(v1, v2)`. Inline functions show their
 * name (the machines use none; DESIGN: guards are named).
 */
export function guardLabel(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'inline';
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    const name = typeof type === 'string' ? type : typeof type === 'function' ? type.name || 'inline' : String(type);
    if (params === undefined || params === null) return name;
    const values = typeof params === 'object' ? Object.values(params as Record<string, unknown>) : [params];
    return `${name}(${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')})`;
  }
  return String(guard);
}

function kindOf(n: AnyStateNode): StateKind {
  switch (n.type) {
    case 'final': return 'final';
    case 'history': return 'history';
    case 'parallel': return 'parallel';
    case 'compound': return 'compound';
    default: return 'atomic';
  }
}

function stateModel(n: AnyStateNode): StateModel {
  const children = Object.values(n.states as Record<string, AnyStateNode>).map(pathOf);
  const initialTarget = (n.initial as { target?: readonly AnyStateNode[] } | undefined)?.target?.[0];
  const meta = n.meta as { description?: string; rules?: unknown; screen?: unknown } | undefined;
  return {
    path: pathOf(n),
    key: n.key,
    parent: n.path.slice(0, -1).join('.'),
    kind: kindOf(n),
    initial: n.type === 'compound' && initialTarget ? pathOf(initialTarget) : undefined,
    children,
    description: meta?.description,
    screen: typeof meta?.screen === 'string' ? meta.screen : undefined,
    rules: rulesIn(meta?.rules),
  };
}

function transitionModel(t: RawTransition): TransitionModel {
  const info = describeTransition(t);
  return {
    id: info.id,
    source: pathOf(t.source),
    event: info.event,
    eventless: info.event === 'always',
    guard: guardLabel(t.guard),
    when: t.guard !== undefined ? guardWords(t.guard) : info.event === 'always' && t.source.always?.some((x) => x.guard !== undefined) ? 'otherwise' : undefined,
    targets: (t.target ?? []).map(pathOf),
    reenter: t.reenter === true,
    rules: info.rules,
    description: info.description,
  };
}

/** The model of a machine definition; deterministic (definition order throughout). */
export function machineModel(machine: AnyStateMachine): MachineModel {
  const nodes = stateNodesOf(machine);
  const transitions: TransitionModel[] = [];
  for (const node of nodes) {
    // Map iteration is insertion order: the order the config lists the events.
    for (const defs of node.transitions.values()) for (const t of defs) if (!isForbidden(t)) transitions.push(transitionModel(t as unknown as RawTransition));
    for (const t of node.always ?? []) transitions.push(transitionModel(t as unknown as RawTransition));
  }
  const root = stateModel(machine.root);
  return {
    id: machine.root.id,
    initial: root.initial,
    states: nodes.slice(1).map(stateModel),
    transitions,
  };
}

// ─── tree helpers ───────────────────────────────────────────────────────────

/** `a` is `b` or inside it (paths; `''` is the root and contains everything). */
export const isWithin = (a: string, b: string): boolean => b === '' || a === b || a.startsWith(`${b}.`);

/** The deepest state path containing both (`''` when only the root does). */
export function commonAncestor(a: string, b: string): string {
  const xs = a === '' ? [] : a.split('.');
  const ys = b === '' ? [] : b.split('.');
  const out: string[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length) && xs[i] === ys[i]; i++) out.push(xs[i]!);
  return out.join('.');
}

/** The child of `ancestor` on the way down to `path` (`path` itself when it is that child). */
export function childToward(ancestor: string, path: string): string {
  const rest = (ancestor === '' ? path : path.slice(ancestor.length + 1)).split('.');
  return ancestor === '' ? rest[0]! : `${ancestor}.${rest[0]!}`;
}

/** `EVENT [guard]`, `always [guard]`. */
export function transitionLabel(t: TransitionModel): string {
  return t.guard ? `${t.event} [${t.guard}]` : t.event;
}

/** Every rule the machine cites on a state or a transition, in catalogue order. */
export function citedRules(model: MachineModel): RuleId[] {
  const cited = new Set<RuleId>();
  for (const s of model.states) for (const r of s.rules) cited.add(r);
  for (const t of model.transitions) for (const r of t.rules) cited.add(r);
  return RULE_IDS.filter((id) => cited.has(id));
}

// ─── highlighting ───────────────────────────────────────────────────────────

export interface Highlight {
  states: ReadonlySet<string>;
  transitions: ReadonlySet<string>;
}

export const NO_HIGHLIGHT: Highlight = { states: new Set(), transitions: new Set() };

/** `gate, wizard.intro  wizard.setup.email` → the ids, in the order given (a path may revisit a state). */
export function parseHighlightList(text: string | undefined): string[] {
  return text ? text.split(/[\s,]+/).filter((s) => s !== '') : [];
}

/**
 * Resolves `--highlight` ids against one machine: a state path
 * (`wizard.setup.email`, or with the machine id in front, `interrupt.wizard`)
 * or a transition id (`interrupt.wizard.intro:NEXT:1`). Ids the machine
 * does not have are returned in `unknown`.
 *
 * The states read as a path, in the order given: between two consecutive
 * states `a`, `b` the transitions that lead from `a` (or a state containing
 * it) to `b` (or a state containing it, entered through its initial states)
 * are highlighted too — so `gate,wizard.intro,wizard.setup.email` lights up
 * `gate → wizard` and `wizard.intro → wizard.setup`.
 */
export function resolveHighlight(model: MachineModel, ids: readonly string[]): { highlight: Highlight; unknown: string[] } {
  const statePaths = new Set(model.states.map((s) => s.path));
  const transitionIds = new Set(model.transitions.map((t) => t.id));
  const path: string[] = [];
  const transitions = new Set<string>();
  const unknown: string[] = [];
  for (const id of ids) {
    const p = id.startsWith(`${model.id}.`) && !transitionIds.has(id) ? id.slice(model.id.length + 1) : id;
    if (statePaths.has(p)) path.push(p);
    else if (transitionIds.has(id)) transitions.add(id);
    else unknown.push(id);
  }
  for (let i = 0; i + 1 < path.length; i++) {
    const [a, b] = [path[i]!, path[i + 1]!];
    for (const t of model.transitions) {
      if (isWithin(a, t.source) && t.targets.some((target) => isWithin(b, target))) transitions.add(t.id);
    }
  }
  return { highlight: { states: new Set(path), transitions }, unknown: [...new Set(unknown)] };
}

/** Every id `--highlight` accepts for this machine (for did-you-mean). */
export function highlightIds(model: MachineModel): string[] {
  return [...model.states.map((s) => s.path), ...model.transitions.map((t) => t.id)];
}
