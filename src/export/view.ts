/**
 * What a diagram draws of a machine model: the states shown (composites
 * below `depth` collapsed into one node with a count of what they hide, or
 * only `focus`'s inside with the states it connects to), and the edges
 * between them — parallel edges with the same label merged into one with a
 * count, and edges with the same label into the same state from three or
 * more states of one composite gathered at a junction, so one label and one
 * arc reach the target instead of a bundle. DOT and Mermaid render a view,
 * so both draw the same thing.
 *
 * A view never changes what a transition means: every machine transition
 * is in exactly one edge's `ids` unless both its ends fall inside one
 * collapsed node (or, under `focus`, outside the focused state).
 */
import type { RuleId } from '../domain/rules.ts';
import { stateLabel, transitionEventLabel, type LabelMode } from './labels.ts';
import {
  childToward, commonAncestor, isWithin, transitionLabel,
  type Highlight, type MachineModel, type StateModel, type TransitionModel,
} from './model.ts';

export interface ViewOptions {
  /** Composites at this depth (top-level states are depth 1) are drawn collapsed; default: everything. */
  depth?: number;
  /** Draw only this composite's inside (a state path), and the states its transitions lead to. */
  focus?: string;
  /** `words` (default): the labels people read; `ids`: event types with guards, state keys. */
  labels?: LabelMode;
}

export interface ViewState extends StateModel {
  label: string;
  /** States hidden inside this collapsed composite (0 when it is drawn open or is a leaf). */
  hidden: number;
  /** Outside the focused composite: drawn only as where a transition leads. */
  external: boolean;
}

export interface ViewEdge {
  /** The first transition's id; `#n` when one transition is drawn to several targets. */
  id: string;
  /** Every machine transition this edge draws. */
  ids: string[];
  source: string;
  target: string;
  label: string;
  /** How many transitions it draws (shown as `xN` when more than one). */
  count: number;
  eventless: boolean;
  /** Actions only: a self-loop. */
  targetless: boolean;
  rules: RuleId[];
  descriptions: string[];
  /** Where it goes first: a junction's id, from which the junction's edge carries the label on. */
  via?: string;
  /** More class names for its SVG element. */
  tokens?: string[];
}

/** A point where edges with one label meet before one arc carries them to their target. */
export interface Junction {
  id: string;
  /** The composite it is drawn in (`''`: the top level). */
  parent: string;
  target: string;
  label: string;
  ids: string[];
  rules: RuleId[];
  count: number;
  tokens?: string[];
}

export interface MachineView {
  id: string;
  initial: string | undefined;
  /** In the model's order; parents before children. */
  states: ViewState[];
  edges: ViewEdge[];
  junctions: Junction[];
  labels: LabelMode;
}

export class ViewError extends Error {}

/** A junction is worth drawing from this many sources. */
const JUNCTION_MIN = 3;

const depthOf = (path: string): number => (path === '' ? 0 : path.split('.').length);
const isContainer = (s: StateModel): boolean => s.kind === 'compound' || s.kind === 'parallel';

/** The states `--focus` accepts: the composites. */
export const focusable = (model: MachineModel): string[] => model.states.filter(isContainer).map((s) => s.path);

export function machineView(model: MachineModel, options: ViewOptions = {}): MachineView {
  const labels = options.labels ?? 'words';
  const byPath = new Map(model.states.map((s) => [s.path, s]));
  const focus = options.focus;
  if (focus !== undefined && !(byPath.has(focus) && isContainer(byPath.get(focus)!))) {
    throw new ViewError(`"${focus}" is not a composite state of ${model.id}`);
  }
  if (options.depth !== undefined && !(Number.isInteger(options.depth) && options.depth >= 1)) {
    throw new ViewError(`depth must be a whole number from 1 (got ${options.depth})`);
  }
  const base = focus ? depthOf(focus) : 0;
  const maxDepth = options.depth === undefined ? Infinity : base + options.depth;
  const cut = (p: string): string => (depthOf(p) > maxDepth ? p.split('.').slice(0, maxDepth).join('.') : p);

  /** The state drawn for `p`, and whether it lies outside the focus. */
  const rep = (p: string): { path: string; external: boolean } => {
    if (focus === undefined) return { path: cut(p), external: false };
    if (isWithin(p, focus)) return { path: cut(p), external: false };
    if (isWithin(focus, p)) return { path: focus, external: false }; // an ancestor's transitions apply inside the focus
    return { path: childToward(commonAncestor(focus, p), p), external: true };
  };

  const descendants = (p: string): number => model.states.filter((s) => s.path !== p && isWithin(s.path, p)).length;
  const visible = new Map<string, ViewState>();
  const show = (s: StateModel, external: boolean) => {
    const collapsed = external || (isContainer(s) && depthOf(s.path) >= maxDepth);
    const hidden = collapsed && isContainer(s) ? descendants(s.path) : 0;
    const parent = external || s.path === focus ? '' : s.parent;
    visible.set(s.path, {
      ...s, parent, external, hidden,
      kind: collapsed && isContainer(s) ? 'atomic' : s.kind,
      initial: collapsed ? undefined : s.initial,
      children: collapsed ? [] : s.children.filter((c) => depthOf(c) <= maxDepth),
      label: stateLabel(s, labels),
    });
  };
  for (const s of model.states) {
    if (focus !== undefined && !isWithin(s.path, focus)) continue;
    if (depthOf(s.path) <= maxDepth) show(s, false);
  }

  // Edges, mapped onto the drawn states; merged when they share ends and label.
  const merged = new Map<string, ViewEdge>();
  const order: ViewEdge[] = [];
  for (const t of model.transitions) {
    const targets = t.targets.length ? t.targets : [t.source];
    targets.forEach((target, n) => {
      const from = rep(t.source);
      const to = rep(target);
      if (from.external && to.external) return;
      const inside = from.path === to.path && (from.path !== t.source || to.path !== target);
      if (inside) return; // both ends inside one collapsed node
      for (const end of [from, to]) if (end.external && !visible.has(end.path)) show(byPath.get(end.path)!, true);
      const label = labels === 'ids' ? transitionLabel(t) : transitionEventLabel(t, labels);
      const key = JSON.stringify([from.path, to.path, label, t.eventless, t.targets.length === 0]);
      const hit = merged.get(key);
      if (hit) {
        hit.ids.push(t.id);
        hit.count += 1;
        for (const r of t.rules) if (!hit.rules.includes(r)) hit.rules.push(r);
        if (t.description) hit.descriptions.push(t.description);
        return;
      }
      const edge: ViewEdge = {
        id: targets.length > 1 ? `${t.id}#${n}` : t.id, ids: [t.id], source: from.path, target: to.path, label, count: 1,
        eventless: t.eventless, targetless: t.targets.length === 0, rules: [...t.rules], descriptions: t.description ? [t.description] : [],
      };
      merged.set(key, edge);
      order.push(edge);
    });
  }

  const states = model.states.filter((s) => visible.has(s.path)).map((s) => visible.get(s.path)!);
  const edges = bundleCollapsed(order, visible);
  return { id: model.id, initial: focus ? byPath.get(focus)!.initial : model.initial, states, edges, junctions: junctions(edges, visible), labels };
}

/** Labels one bundled edge lists before saying how many more. */
const BUNDLE_LABELS = 2;

/**
 * Between a collapsed node and another state, every edge one way is one
 * edge: the overview says that the composite leads there, and how (its
 * first labels and how many transitions), instead of a fan of parallel arcs
 * that pushes a chart wider than a page.
 */
function bundleCollapsed(edges: ViewEdge[], states: ReadonlyMap<string, ViewState>): ViewEdge[] {
  const collapsed = (p: string) => { const s = states.get(p); return s !== undefined && (s.hidden > 0 || s.external); };
  const out: ViewEdge[] = [];
  const bundles = new Map<string, { edge: ViewEdge; labels: string[] }>();
  for (const e of edges) {
    if (e.source === e.target || !(collapsed(e.source) || collapsed(e.target))) { out.push(e); continue; }
    const key = JSON.stringify([e.source, e.target]);
    const hit = bundles.get(key);
    if (!hit) {
      const edge = { ...e, ids: [...e.ids], rules: [...e.rules], descriptions: [...e.descriptions] };
      bundles.set(key, { edge, labels: [`${e.label}${countSuffix(e.count)}`] });
      out.push(edge);
      continue;
    }
    hit.edge.ids.push(...e.ids);
    hit.edge.count += e.count;
    hit.edge.eventless &&= e.eventless;
    for (const r of e.rules) if (!hit.edge.rules.includes(r)) hit.edge.rules.push(r);
    hit.edge.descriptions.push(...e.descriptions);
    hit.labels.push(`${e.label}${countSuffix(e.count)}`);
  }
  for (const { edge, labels } of bundles.values()) {
    if (labels.length === 1) continue;
    const more = labels.length - BUNDLE_LABELS;
    edge.label = `${labels.slice(0, BUNDLE_LABELS).join(', ')}${more > 0 ? ` +${more} more` : ''}`;
    edge.count = 1; // the label already counts
  }
  return out;
}

/**
 * Gathers edges with one label into one target from JUNCTION_MIN or more
 * sources: a junction in the sources' innermost common composite.
 */
function junctions(edges: ViewEdge[], states: ReadonlyMap<string, ViewState>): Junction[] {
  const groups = new Map<string, ViewEdge[]>();
  for (const e of edges) {
    if (e.eventless || e.targetless || e.source === e.target || e.source === '') continue;
    const key = JSON.stringify([e.target, e.label]);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: Junction[] = [];
  for (const group of groups.values()) {
    if (group.length < JUNCTION_MIN) continue;
    const target = group[0]!.target;
    let parent = group[0]!.source;
    for (const e of group) parent = commonAncestor(parent, e.source);
    // Distinct drawn sources meet in an open composite (a cluster) or at the top level; not from its own border.
    if (group.some((e) => e.source === parent) || (parent !== '' && !states.get(parent)?.children.length)) continue;
    const id = `junction:${group[0]!.id}`;
    const ids = group.flatMap((e) => e.ids);
    const rules = [...new Set(group.flatMap((e) => e.rules))];
    out.push({ id, parent, target, label: group[0]!.label, ids, rules, count: group.reduce((n, e) => n + e.count, 0) });
    for (const e of group) e.via = id;
  }
  return out;
}

/** The view's edges an id list lights up: an edge is lit when any transition it draws is. */
export const edgeLit = (e: { ids: readonly string[] }, h: Highlight): boolean => e.ids.some((id) => h.transitions.has(id));

/** A drawn state is lit when it or a state it hides is. */
export function stateLit(s: ViewState, h: Highlight): boolean {
  if (h.states.has(s.path)) return true;
  return (s.hidden > 0 || s.external) && [...h.states].some((p) => isWithin(p, s.path));
}

/** `x3` after a label that stands for several transitions. */
export const countSuffix = (n: number): string => (n > 1 ? ` x${n}` : '');

export type { TransitionModel };
