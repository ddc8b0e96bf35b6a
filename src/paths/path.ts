/**
 * A path as QA reads it: each step's event, the screen it leads to, the
 * rules it exercises and the audit rows it writes — derived from the graph.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { activeScreens, screenDetails, shownScreen, type ScreenKey } from '../../machines/catalogue/index.ts';
import { formatAuditRow } from '../domain/audit.ts';
import type { RuleId } from '../domain/rules.ts';
import type { RegsimEvent } from '../../machines/events.ts';
import type { EdgePath } from './cover.ts';
import type { StateGraph } from './graph.ts';

export interface PathStep {
  event: string;
  /** The event as sent, payload included (for replay). */
  send: RegsimEvent;
  /** The screens the event is sent from, innermost first (the catalogue's words for it can depend on them). */
  at: ScreenKey[];
  state: string;
  /** The screen reached, by its catalogue key, and what it lists there (`screenDetails`). */
  screen: ScreenKey;
  details: string[];
  /** One sentence for the state reached, from its meta. */
  description: string | undefined;
  rules: RuleId[];
  audit: string[];
}

export interface TestPath {
  /** `T007`: criterion initial plus a zero-padded ordinal, stable for the same input; `W001` is the scenario's scripted walk. */
  id: string;
  description: string;
  /** The state the flow starts in (after its eventless gate), and its screens, innermost first. */
  start: string;
  startAt: ScreenKey[];
  startDetails: string[];
  steps: PathStep[];
  /** The final state, or the state where the path stops when it is not final. */
  final: string;
  complete: boolean;
  rules: RuleId[];
  /** The rules no path listed before this one (in this scenario) covered. */
  newRules: RuleId[];
  edges: EdgePath;
}

/** The screen a path ends on: its last step's, or where it starts when it has none. */
export const endScreen = (p: TestPath): ScreenKey => p.steps.at(-1)?.screen ?? p.startAt[0]!;

/** The description of the deepest active state that has one. */
export function descriptionOf(s: AnyMachineSnapshot): string | undefined {
  const nodes = (s as unknown as { _nodes: Array<{ meta?: { description?: string } }> })._nodes;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const d = nodes[i]!.meta?.description;
    if (d) return d;
  }
  return undefined;
}

export function materialize(
  g: StateGraph, edges: EdgePath, id: string, transitionRules: ReadonlyMap<string, readonly RuleId[]>,
): TestPath {
  const start = g.nodes[0]!;
  const rules = new Set<RuleId>([...start.rules, ...g.initialTransitions.flatMap((t) => transitionRules.get(t) ?? [])]);
  const steps: PathStep[] = edges.map((i) => {
    const e = g.edges[i]!;
    const node = g.nodes[e.to]!;
    const stepRules = [...new Set([...e.transitions.flatMap((t) => transitionRules.get(t) ?? []), ...node.rules])].sort();
    stepRules.forEach((r) => rules.add(r));
    return {
      event: e.label, send: e.event, at: activeScreens(g.nodes[e.from]!.snapshot), state: node.state,
      screen: shownScreen(node.snapshot), details: screenDetails(shownScreen(node.snapshot), node.snapshot),
      description: descriptionOf(node.snapshot), rules: stepRules,
      audit: e.audit.map(formatAuditRow),
    };
  });
  const last = edges.length ? g.nodes[g.edges[edges[edges.length - 1]!]!.to]! : start;
  return {
    id, start: start.state, startAt: activeScreens(start.snapshot), startDetails: screenDetails(shownScreen(start.snapshot), start.snapshot), steps, final: last.state, complete: last.final,
    rules: [...rules].sort(), newRules: [...rules].sort(), edges,
    description: `${[start.state, ...steps.map((s) => s.event)].join(' → ')} ⇒ ${last.state}`,
  };
}
