/**
 * Graphviz DOT for a machine, drawn left to right: compound states are
 * clusters with their own initial dot, finals have a double border,
 * eventless transitions are dashed and labelled `always [guard]`,
 * targetless ones are dotted self-loops. A transition into a compound state
 * ends at the cluster's border (`lhead`), one out of it starts there
 * (`ltail`). Node names are the state paths scenarios use
 * (`wizard.setup.email`); edges carry the transition ids as SVG ids, states
 * and transitions their descriptions and rules as tooltips. Output is a pure
 * function of the definition: same machine, same bytes.
 */
import {
  NO_HIGHLIGHT, isWithin, transitionLabel,
  type Highlight, type MachineModel, type StateModel, type TransitionModel,
} from './model.ts';

export interface DotOptions {
  /** The graph's caption; default the machine id. */
  title?: string;
  /** States and transitions to draw bold and coloured. */
  highlight?: Highlight;
  /** Add the rule IDs a transition cites under its label. */
  rules?: boolean;
}

const HIGHLIGHT_COLOR = '#c62828';
const FONT = 'Helvetica';

/** A DOT quoted string. */
export const dotString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

const attrs = (a: Record<string, string | number | undefined>): string => {
  const parts = Object.entries(a).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${typeof v === 'number' ? v : dotString(v!)}`);
  return parts.length ? ` [${parts.join(', ')}]` : '';
};

/** The point a compound state's initial arrow starts from; edges into the state end there. */
const initialPoint = (path: string): string => (path === '' ? '__initial' : `${path}.__initial`);
const clusterName = (path: string): string => `cluster_${path}`;

const isContainer = (s: StateModel): boolean => s.kind === 'compound' || s.kind === 'parallel';

export function toDot(model: MachineModel, options: DotOptions = {}): string {
  const highlight = options.highlight ?? NO_HIGHLIGHT;
  const byPath = new Map(model.states.map((s) => [s.path, s]));
  const container = (path: string): boolean => { const s = byPath.get(path); return s !== undefined && isContainer(s); };
  const out: string[] = [];
  const line = (depth: number, text: string) => out.push(`${'  '.repeat(depth)}${text}`);

  line(0, `digraph ${dotString(model.id)} {`);
  line(1, `graph${attrs({ compound: 'true', newrank: 'true', rankdir: 'LR', nodesep: 0.3, ranksep: 0.35, fontname: FONT, fontsize: 14, labelloc: 't', label: options.title ?? model.id })};`);
  line(1, `node${attrs({ shape: 'box', style: 'rounded', fontname: FONT, fontsize: 11, height: 0.3 })};`);
  line(1, `edge${attrs({ fontname: FONT, fontsize: 9, arrowsize: 0.7 })};`);

  const initialNode = (depth: number, parent: string, initial: string | undefined) => {
    if (initial === undefined) return;
    line(depth, `${dotString(initialPoint(parent))}${attrs({ shape: 'point', width: 0.12, label: '', class: 'initial' })};`);
    const target = byPath.get(initial)!;
    line(depth, `${dotString(initialPoint(parent))} -> ${dotString(isContainer(target) ? initialPoint(initial) : initial)}${attrs({ lhead: isContainer(target) ? clusterName(initial) : undefined, class: 'initial' })};`);
  };

  const emitState = (depth: number, s: StateModel) => {
    const lit = highlight.states.has(s.path);
    const tooltip = [s.description, s.rules.length ? `Rules: ${s.rules.join(', ')}` : undefined].filter(Boolean).join('\n') || s.path;
    if (isContainer(s)) {
      line(depth, `subgraph ${dotString(clusterName(s.path))} {`);
      line(depth + 1, `graph${attrs({
        label: s.key, tooltip, style: s.kind === 'parallel' ? 'rounded,dashed' : 'rounded',
        color: lit ? HIGHLIGHT_COLOR : '#777777', fontcolor: lit ? HIGHLIGHT_COLOR : undefined, penwidth: lit ? 2.5 : undefined,
        class: lit ? 'state compound highlighted' : 'state compound',
      })};`);
      initialNode(depth + 1, s.path, s.initial);
      for (const child of s.children) emitState(depth + 1, byPath.get(child)!);
      line(depth, '}');
      return;
    }
    const final = s.kind === 'final';
    line(depth, `${dotString(s.path)}${attrs({
      label: s.kind === 'history' ? `H (${s.key})` : s.key,
      tooltip,
      shape: s.kind === 'history' ? 'circle' : undefined,
      peripheries: final ? 2 : undefined,
      style: lit || final ? 'rounded,filled' : undefined,
      fillcolor: lit ? '#ffebee' : final ? '#eeeeee' : undefined,
      color: lit ? HIGHLIGHT_COLOR : undefined,
      fontcolor: lit ? HIGHLIGHT_COLOR : undefined,
      penwidth: lit ? 2.5 : undefined,
      class: ['state', s.kind, lit ? 'highlighted' : ''].filter(Boolean).join(' '),
    })};`);
  };

  initialNode(1, '', model.initial);
  for (const s of model.states) if (s.parent === '') emitState(1, s);

  const edge = (t: TransitionModel, target: string, n: number, of: number) => {
    const source = t.source;
    // A compound end is drawn at its cluster's border, unless the other end is inside it.
    const tailCluster = container(source) && !isWithin(target, source);
    const headCluster = container(target) && !isWithin(source, target);
    const tail = source === '' || container(source) ? initialPoint(source) : source;
    const head = container(target) ? initialPoint(target) : target;
    const lit = highlight.transitions.has(t.id);
    const label = options.rules && t.rules.length ? `${transitionLabel(t)}\n(${t.rules.join(', ')})` : transitionLabel(t);
    const tooltip = [`${t.id}`, t.description, t.rules.length ? `Rules: ${t.rules.join(', ')}` : undefined].filter(Boolean).join('\n');
    line(1, `${dotString(tail)} -> ${dotString(head)}${attrs({
      id: of > 1 ? `${t.id}#${n}` : t.id,
      label,
      tooltip,
      ltail: tailCluster ? clusterName(source) : undefined,
      lhead: headCluster ? clusterName(target) : undefined,
      style: t.eventless ? 'dashed' : t.targets.length === 0 ? 'dotted' : undefined,
      color: lit ? HIGHLIGHT_COLOR : undefined,
      fontcolor: lit ? HIGHLIGHT_COLOR : undefined,
      penwidth: lit ? 2.5 : undefined,
      class: ['transition', t.eventless ? 'eventless' : '', lit ? 'highlighted' : ''].filter(Boolean).join(' '),
    })};`);
  };

  for (const t of model.transitions) {
    // Targetless: actions only, the state does not change — drawn as a self-loop.
    const targets = t.targets.length ? t.targets : [t.source];
    targets.forEach((target, i) => edge(t, target, i, targets.length));
  }
  line(0, '}');
  return `${out.join('\n')}\n`;
}
