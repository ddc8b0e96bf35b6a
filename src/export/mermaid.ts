/**
 * Mermaid `stateDiagram-v2` for a machine's view (view.ts), written around
 * what Mermaid can and cannot draw (DESIGN, "Known traps"):
 *
 * - A transition cannot enter a child state of a composite from outside it.
 *   Such a transition is drawn to the outermost composite it enters — the
 *   child of the two ends' common ancestor on the way to the target — and its
 *   label names the real target: `NEXT → setup.email`. A transition whose
 *   target sits in a composite that also contains the source (e.g. from
 *   `wizard.setup.email.enterCode` to `wizard.methodDone`) is kept as is: it
 *   does not enter the composite.
 * - Mermaid places a state in the last composite block that mentions it
 *   (mermaid#5290), so a state is only ever named inside its own parent's
 *   block; transitions between siblings are written there, and every other
 *   transition at the top level, where a mention never moves a state.
 * - There is no history pseudo-state: a history node is drawn as an ordinary
 *   state labelled `H (key)`.
 * - Transitions cannot be styled: `--highlight` colours states (a classDef)
 *   and marks highlighted transitions' labels with `★`.
 * - Labels are the view's: the catalogue's words without guards by default
 *   (guards piled up beside busy states), `EVENT [guard]` with `--labels ids`;
 *   parallel edges with one label are one edge with a count, and Mermaid,
 *   which draws parallel arcs on top of each other, gets one arc per pair of
 *   states with its labels one under the other, `/` between them.
 *
 * State ids are the state paths with `.` → `__` (`wizard__setup__email`),
 * shown with their label. Output is a pure function of the definition, in
 * definition order.
 */
import type { Direction, Theme } from './dot.ts';
import { NO_HIGHLIGHT, type Highlight, type MachineModel } from './model.ts';
import { countSuffix, edgeLit, machineView, stateLit, type MachineView, type ViewEdge, type ViewOptions, type ViewState } from './view.ts';

export interface MermaidOptions extends ViewOptions {
  /** A `title` in the front matter; default none. */
  title?: string;
  highlight?: Highlight;
  /** `direction LR|TB`; default Mermaid's own (top to bottom). */
  direction?: Direction;
  /** `dark` selects Mermaid's dark theme in the front matter. */
  theme?: Theme;
}

/** Words Mermaid's state grammar treats specially at the start of a statement, and `root`, its top document's id. */
const RESERVED = new Set(['default', 'state', 'note', 'class', 'classdef', 'direction', 'scale', 'style', 'click', 'hide', 'acctitle', 'accdescr', 'end', 'root']);

/**
 * A Mermaid-safe id for a state path: `wizard.setup.email` → `wizard__setup__email`.
 * Mermaid's lexer takes the first rule that matches, and its first rule is
 * `default` with no word boundary, so at the top level `defaultPicker` would
 * lex as the keyword: ids starting with it get a prefix (`s_defaultPicker`),
 * as do keywords and ids starting with a digit.
 */
export function mermaidId(path: string): string {
  const id = path.split('.').map((seg) => seg.replace(/[^A-Za-z0-9_]/g, '_')).join('__');
  return RESERVED.has(id.toLowerCase()) || /^default/i.test(id) || /^\d/.test(id) ? `s_${id}` : id;
}

/** Edge and state labels cannot hold `:` or `;` (they end the text), nor a line break; `#` starts an entity. */
const safeLabel = (s: string): string => s.replace(/[:;#\r\n]+/g, ' ').replace(/"/g, "'").trim();

/** Between the labels of transitions drawn as one arc. */
export const ARC_SEPARATOR = '/';

/** Characters on one line of an edge label: dagre gives every label a rank of its own width. */
export const LABEL_LINE = 16;

/** A label broken into lines of about LABEL_LINE characters after spaces and commas (`<br/>`, which Mermaid draws as a line break). */
export function wrapLabel(label: string, width = LABEL_LINE): string {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/(?<=[ ,])/)) {
    if (line.trim() && line.length + word.trimEnd().length > width) {
      lines.push(line.trim());
      line = word;
    } else line += word;
  }
  lines.push(line.trim());
  return lines.join('<br/>');
}

/**
 * Front matter for a chart drawn at a chosen depth, meant to fit a docs
 * page: ranks and nodes closer together, and a smaller font.
 */
const COMPACT_CONFIG = ['config:', '  themeVariables:', '    fontSize: 13px', '  state:', '    nodeSpacing: 20', '    rankSpacing: 20'];

export interface MermaidEdge {
  edge: ViewEdge;
  /** Where the edge is drawn from / to (state paths). */
  from: string;
  to: string;
  /** The real target when `to` is the composite it was lifted to. */
  liftedFrom: string | undefined;
  /** Siblings' parent, whose block the edge is written in; undefined: written at the end of the top level. */
  block: string | undefined;
}

/** The edges Mermaid gets for a view (a targetless transition is a self-loop). */
export function mermaidEdges(view: MachineView): MermaidEdge[] {
  const parentOf = new Map(view.states.map((s) => [s.path, s.parent]));
  /** The drawn states containing `p`, outermost first, `p` last. */
  const chain = (p: string): string[] => {
    const out: string[] = [];
    for (let at: string | undefined = p; at !== undefined && at !== ''; at = parentOf.get(at)) out.unshift(at);
    return out;
  };
  return view.edges.map((edge) => {
    const from = edge.source;
    const target = edge.target;
    const up = chain(from);
    const down = chain(target);
    let common = 0;
    while (common < up.length && common < down.length && up[common] === down[common]) common++;
    // Entering a composite from outside: draw to the outermost composite entered.
    const to = from === '' ? target : down[common] ?? target;
    const fromParent = parentOf.get(from) ?? '';
    const block = from !== '' && fromParent === (parentOf.get(to) ?? '') ? fromParent : undefined;
    return { edge, from, to, liftedFrom: to === target ? undefined : target, block };
  });
}

export function toMermaid(model: MachineModel, options: MermaidOptions = {}): string {
  return viewToMermaid(machineView(model, options), options);
}

export function viewToMermaid(view: MachineView, options: MermaidOptions = {}): string {
  const highlight = options.highlight ?? NO_HIGHLIGHT;
  const byPath = new Map(view.states.map((s) => [s.path, s]));
  const edges = mermaidEdges(view);
  const out: string[] = [];
  const line = (depth: number, text: string) => out.push(`${'  '.repeat(depth)}${text}`);

  const compact = options.depth !== undefined;
  const config = [...(compact ? COMPACT_CONFIG : ['config:']), ...(options.theme === 'dark' ? ['  theme: dark'] : [])];
  const front = [...(options.title ? [`title: ${safeLabel(options.title)}`] : []), ...(config.length > 1 ? config : [])];
  if (front.length) out.push('---', ...front, '---');
  out.push('stateDiagram-v2');
  // A chart at a depth is drawn left to right unless told: its top-level states fan out too wide from top to bottom.
  const direction = options.direction ?? (compact ? 'LR' : undefined);
  if (direction) line(1, `direction ${direction}`);

  const text = (e: MermaidEdge): string => {
    const base = `${e.edge.label}${countSuffix(e.edge.count)}`;
    const label = e.liftedFrom ? `${base} → ${e.liftedFrom.slice(e.to.length + 1)}` : base;
    return safeLabel((edgeLit(e.edge, highlight) ? '★ ' : '') + label);
  };
  // Mermaid lays parallel arcs over each other, labels and all: one arc per pair of states, its labels joined.
  const arcs = new Map<string, MermaidEdge[]>();
  for (const e of edges) {
    const key = JSON.stringify([e.block ?? null, e.from, e.to]);
    arcs.set(key, [...(arcs.get(key) ?? []), e]);
  }
  const drawn = new Set<string>();
  const edgeLine = (depth: number, e: MermaidEdge) => {
    const key = JSON.stringify([e.block ?? null, e.from, e.to]);
    if (drawn.has(key)) return;
    drawn.add(key);
    const label = arcs.get(key)!.map((x) => wrapLabel(text(x))).join(`<br/>${ARC_SEPARATOR}<br/>`);
    line(depth, `${e.from === '' ? '[*]' : mermaidId(e.from)} --> ${mermaidId(e.to)} : ${label}`);
  };

  const labelOf = (s: ViewState): string => {
    const label = s.kind === 'history' ? `H (${s.label})` : s.label;
    return s.hidden ? `${label} (+${s.hidden})` : label;
  };

  const declare = (depth: number, s: ViewState) => {
    const id = mermaidId(s.path);
    const label = labelOf(s);
    if (s.kind === 'compound' || s.kind === 'parallel') {
      line(depth, `state "${safeLabel(label)}" as ${id} {`);
      block(depth + 1, s.path, s.initial, s.children);
      line(depth, '}');
    } else {
      line(depth, label === id ? id : `state "${wrapLabel(safeLabel(label))}" as ${id}`);
    }
  };

  /** A composite's (or the top level's) body: its initial arrow, its children, its sibling transitions, its finals. */
  const block = (depth: number, path: string, initial: string | undefined, children: readonly string[]) => {
    const shown = children.filter((c) => byPath.has(c));
    if (initial !== undefined && byPath.has(initial)) line(depth, `[*] --> ${mermaidId(initial)}`);
    for (const c of shown) declare(depth, byPath.get(c)!);
    for (const e of edges) if (e.block === path) edgeLine(depth, e);
    for (const c of shown) if (byPath.get(c)!.kind === 'final') line(depth, `${mermaidId(c)} --> [*]`);
  };

  block(1, '', view.initial, view.states.filter((s) => s.parent === '').map((s) => s.path));
  // Everything that is not between siblings, at the top level, where naming a state does not move it.
  // (Transitions on the machine root itself — regsim has none — are drawn from the start marker.)
  for (const e of edges) if (e.block === undefined) edgeLine(1, e);

  const lit = view.states.filter((s) => stateLit(s, highlight));
  if (lit.length) {
    line(1, 'classDef highlighted fill:#ffebee,stroke:#c62828,stroke-width:3px,color:#c62828');
    line(1, `class ${lit.map((s) => mermaidId(s.path)).join(',')} highlighted`);
  }
  return `${out.join('\n')}\n`;
}
