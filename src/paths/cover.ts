/**
 * Coverage criteria over a scenario's state graph. Each criterion is a
 * generator of paths (lists of edge indices from the initial state), so a
 * run writes paths as they come and never holds them all:
 * - `states`: a shortest path to every reachable state, minus paths that are
 *   a prefix of another listed one (they test nothing more);
 * - `transitions`: paths from the initial state that together take every
 *   reachable machine transition (eventless ones included) at least once,
 *   each continued to a final state when one is reachable;
 * - `simple`: every simple path (no state twice) from the initial state to a
 *   final state;
 * - `rules`: a path to the first place each reachable rule is cited;
 * - `random`: reproducible random walks from a seed until a target coverage.
 */
import type { RuleId } from '../domain/rules.ts';
import type { GraphEdge, StateGraph } from './graph.ts';

export const CRITERIA = ['states', 'transitions', 'simple', 'rules', 'random'] as const;
export type Criterion = (typeof CRITERIA)[number];

export type EdgePath = readonly number[];

// ─── shortest paths ─────────────────────────────────────────────────────────

/** Breadth-first parents from `from`: for each node, the edge that first reached it. */
export function bfs(g: StateGraph, from = 0): Array<GraphEdge | null | undefined> {
  const via: Array<GraphEdge | null | undefined> = new Array(g.nodes.length);
  via[from] = null;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    for (const e of g.out[n]!) {
      if (via[e.to] !== undefined) continue;
      via[e.to] = e;
      queue.push(e.to);
    }
  }
  return via;
}

/** The edges from a source to `to` along BFS parents (empty for a source; null if unreached). */
export function pathTo(via: ReadonlyArray<GraphEdge | null | undefined>, to: number): number[] | null {
  if (via[to] === undefined) return null;
  const out: number[] = [];
  for (let e: GraphEdge | null | undefined = via[to]; e; e = via[e.from]) out.push(e.index);
  return out.reverse();
}

/** Shortest path from the initial state to each node (null where unreachable). */
export function shortestPaths(g: StateGraph): Array<number[] | null> {
  const via = bfs(g);
  return g.nodes.map((n) => pathTo(via, n.index));
}

/** Shortest edges from `from` to the nearest node where `goal` holds, not through an edge `avoid` marks; BFS stops at the first. */
function shortestTo(g: StateGraph, from: number, goal: (node: number) => boolean, avoid?: (e: GraphEdge) => boolean): number[] | null {
  if (goal(from)) return [];
  const via: Array<GraphEdge | null | undefined> = new Array(g.nodes.length);
  via[from] = null;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    for (const e of g.out[queue[head]!]!) {
      if (via[e.to] !== undefined || avoid?.(e)) continue;
      via[e.to] = e;
      if (goal(e.to)) return pathTo(via, e.to);
      queue.push(e.to);
    }
  }
  return null;
}

const endOf = (g: StateGraph, path: EdgePath): number => (path.length ? g.edges[path[path.length - 1]!]!.to : 0);

// ─── states ─────────────────────────────────────────────────────────────────

export function* statesCover(g: StateGraph): Generator<EdgePath> {
  const all = shortestPaths(g).filter((p): p is number[] => p !== null);
  const key = (p: EdgePath) => p.join(',');
  const prefixes = new Set<string>();
  for (const p of all) for (let i = 0; i < p.length; i++) prefixes.add(key(p.slice(0, i)));
  // A path another path extends is covered by it; keep the longest ones.
  for (const p of all) if (!prefixes.has(key(p))) yield p;
}

// ─── transitions ────────────────────────────────────────────────────────────

/** Every machine transition some edge (or the initial macrostep) takes. */
export function reachableTransitions(g: StateGraph): Set<string> {
  return new Set([...g.initialTransitions, ...g.edges.flatMap((e) => e.transitions)]);
}

/**
 * Past this many steps a path stops seeking new transitions and heads for a
 * final state: a tester can follow a 30-step case, not a 300-step one.
 */
export const MAX_COVER_STEPS = 30;

/**
 * Paths that, between them, take every reachable transition. `last` marks
 * the edges a tester cannot make happen (a backend failure, a hang): a path
 * takes a new transition it can make happen before one it cannot, and ends
 * (heading for a final state) once it has taken one it cannot, so that the
 * steps before it are all a tester follows and the rest stays short.
 */
export function* transitionsCover(g: StateGraph, maxSteps = MAX_COVER_STEPS, last: (e: GraphEdge) => boolean = () => false): Generator<EdgePath> {
  const covered = new Set(g.initialTransitions);
  const fresh = (e: GraphEdge) => e.transitions.some((t) => !covered.has(t));
  const hasFresh = (n: number) => g.out[n]!.some(fresh);
  let freshTaken = 0;
  const take = (path: number[], edges: readonly number[]) => {
    for (const i of edges) {
      path.push(i);
      for (const t of g.edges[i]!.transitions) if (!covered.has(t)) { covered.add(t); freshTaken++; }
    }
  };
  let yielded = false;
  for (;;) {
    const path: number[] = [];
    let at = 0;
    freshTaken = 0;
    // Past a step no tester can cause, a path takes one more new transition at most (the one it went there for), then ends.
    let pastLast = false;
    // Every path takes at least one new transition, however far away it is: that bounds the loop.
    while (path.length < maxSteps || freshTaken === 0) {
      const direct = g.out[at]!.find((e) => fresh(e) && !last(e)) ?? g.out[at]!.find(fresh);
      if (direct) {
        take(path, [direct.index]);
        at = direct.to;
        if (pastLast || last(direct)) break;
        continue;
      }
      // The way there and the way out go round what no tester can cause, where they can.
      const detour = shortestTo(g, at, hasFresh, last) ?? shortestTo(g, at, hasFresh);
      if (!detour || g.nodes[at]!.final) break;
      // A detour takes nothing new; one through such a step is not worth it once the path has something new.
      const throughLast = detour.some((i) => last(g.edges[i]!));
      if (throughLast && freshTaken > 0) break;
      take(path, detour);
      at = endOf(g, path);
      pastLast ||= throughLast;
    }
    if (!path.length) break;
    if (!g.nodes[at]!.final) {
      const final = (n: number) => g.nodes[n]!.final;
      const finish = shortestTo(g, at, final, last) ?? shortestTo(g, at, final);
      if (finish) take(path, finish);
    }
    yielded = true;
    yield path;
  }
  // A flow that ends at once (a gate's final) is still one test case.
  if (!yielded) yield [];
}

// ─── simple paths ───────────────────────────────────────────────────────────

/**
 * Depth-first, no node twice, yielding each path that reaches a final state.
 * Memory is the depth of the search; time is the number of paths.
 */
export function* simplePaths(g: StateGraph): Generator<EdgePath> {
  const onPath = new Uint8Array(g.nodes.length);
  const path: number[] = [];
  const stack: Array<{ node: number; next: number }> = [{ node: 0, next: 0 }];
  onPath[0] = 1;
  if (g.nodes[0]!.final) { yield []; return; }
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const out = g.out[top.node]!;
    if (top.next >= out.length) {
      stack.pop();
      onPath[top.node] = 0;
      path.pop();
      continue;
    }
    const e = out[top.next++]!;
    if (onPath[e.to]) continue;
    path.push(e.index);
    if (g.nodes[e.to]!.final) { yield [...path]; path.pop(); continue; }
    onPath[e.to] = 1;
    stack.push({ node: e.to, next: 0 });
  }
}

/** Counts simple paths to final states without listing them; stops at `cap`. */
export function countSimplePaths(g: StateGraph, cap = Number.MAX_SAFE_INTEGER): { count: number; capped: boolean } {
  let count = 0;
  for (const _ of simplePaths(g)) if (++count >= cap) return { count, capped: true };
  return { count, capped: false };
}

// ─── rules ──────────────────────────────────────────────────────────────────

/** Where each rule is first cited: the nodes whose states cite it and the edges whose transitions do. */
export function ruleSites(g: StateGraph, transitionRules: ReadonlyMap<string, readonly RuleId[]>): Map<RuleId, { nodes: number[]; edges: number[] }> {
  const sites = new Map<RuleId, { nodes: number[]; edges: number[] }>();
  const site = (r: RuleId) => { let s = sites.get(r); if (!s) { s = { nodes: [], edges: [] }; sites.set(r, s); } return s; };
  for (const n of g.nodes) for (const r of n.rules) site(r).nodes.push(n.index);
  for (const t of g.initialTransitions) for (const r of transitionRules.get(t) ?? []) site(r).nodes.push(0);
  for (const e of g.edges) for (const t of e.transitions) for (const r of transitionRules.get(t) ?? []) site(r).edges.push(e.index);
  return sites;
}

export function* rulesCover(g: StateGraph, transitionRules: ReadonlyMap<string, readonly RuleId[]>): Generator<EdgePath> {
  const sites = ruleSites(g, transitionRules);
  const shortest = shortestPaths(g);
  const seen = new Set<string>();
  for (const rule of [...sites.keys()].sort()) {
    const { nodes, edges } = sites.get(rule)!;
    const candidates: number[][] = [
      ...nodes.map((n) => shortest[n]).filter((p): p is number[] => p !== null),
      ...edges.map((e) => { const p = shortest[g.edges[e]!.from]; return p ? [...p, e] : null; }).filter((p): p is number[] => p !== null),
    ];
    const best = candidates.sort((a, b) => a.length - b.length)[0];
    if (!best) continue;
    const finish = g.nodes[endOf(g, best)]!.final ? [] : shortestTo(g, endOf(g, best), (n) => g.nodes[n]!.final) ?? [];
    const path = [...best, ...finish];
    const k = path.join(',');
    if (seen.has(k)) continue;
    seen.add(k);
    yield path;
  }
}

// ─── random walks ───────────────────────────────────────────────────────────

/** mulberry32: a small seeded PRNG, so the same seed walks the same paths everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a random walk goes on until it covers (`--until`). */
export const RANDOM_GOALS = ['states', 'transitions', 'rules'] as const;
export type RandomGoal = (typeof RANDOM_GOALS)[number];

export interface RandomOptions {
  seed: number;
  until: RandomGoal;
  /** Give up after this many walks even if the target is not met. */
  maxWalks?: number;
  /** The longest walk, in steps. */
  maxSteps?: number;
}

/** How many walks a random run takes at most, and how long each may be, unless told otherwise. */
export const RANDOM_LIMITS = { maxWalks: 1000, maxSteps: 200 } as const;

export function* randomWalks(g: StateGraph, transitionRules: ReadonlyMap<string, readonly RuleId[]>, o: RandomOptions): Generator<EdgePath> {
  const next = seededRandom(o.seed);
  const maxWalks = o.maxWalks ?? RANDOM_LIMITS.maxWalks;
  const maxSteps = o.maxSteps ?? RANDOM_LIMITS.maxSteps;
  const target = o.until === 'states' ? new Set(g.nodes.map((n) => n.index))
    : o.until === 'transitions' ? reachableTransitions(g) : new Set(ruleSites(g, transitionRules).keys());
  const hit = new Set<string | number | RuleId>();
  const mark = (edge: GraphEdge) => {
    if (o.until === 'states') hit.add(edge.to);
    else if (o.until === 'transitions') edge.transitions.forEach((t) => hit.add(t));
    else { g.nodes[edge.to]!.rules.forEach((r) => hit.add(r)); edge.transitions.forEach((t) => (transitionRules.get(t) ?? []).forEach((r) => hit.add(r))); }
  };
  // What every walk covers before its first step: the first walk counts it, so a flow that ends where it starts still gets its 0-step walk.
  const start = () => {
    if (o.until === 'states') hit.add(0);
    else if (o.until === 'transitions') g.initialTransitions.forEach((t) => hit.add(t));
    else { g.nodes[0]!.rules.forEach((r) => hit.add(r)); g.initialTransitions.forEach((t) => (transitionRules.get(t) ?? []).forEach((r) => hit.add(r))); }
  };
  for (let walk = 0; walk < maxWalks && hit.size < target.size; walk++) {
    const path: number[] = [];
    const before = hit.size;
    start();
    let at = 0;
    while (!g.nodes[at]!.final && path.length < maxSteps && g.out[at]!.length) {
      const out = g.out[at]!;
      const e = out[Math.floor(next() * out.length)]!;
      path.push(e.index);
      mark(e);
      at = e.to;
    }
    // A walk that covers nothing new is no test case worth running: it counts toward maxWalks, unlisted.
    if (hit.size > before) yield path;
  }
}
