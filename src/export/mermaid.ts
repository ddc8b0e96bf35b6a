/**
 * Mermaid `stateDiagram-v2` for a machine, written around what Mermaid can
 * and cannot draw (DESIGN, "Known traps"):
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
 *
 * State ids are the state paths with `.` → `__` (`wizard__setup__email`),
 * shown with their own key as the label. Output is a pure function of the
 * definition, in definition order.
 */
import {
  NO_HIGHLIGHT, childToward, commonAncestor, isWithin, transitionLabel,
  type Highlight, type MachineModel, type StateModel, type TransitionModel,
} from './model.ts';

export interface MermaidOptions {
  /** A `title` in the front matter; default none. */
  title?: string;
  highlight?: Highlight;
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

export interface MermaidEdge {
  transition: TransitionModel;
  /** Where the edge is drawn from / to (state paths). */
  from: string;
  to: string;
  /** The real target when `to` is the composite it was lifted to. */
  liftedFrom: string | undefined;
  /** Siblings' parent, whose block the edge is written in; undefined: written at the end of the top level. */
  block: string | undefined;
}

/** The edges Mermaid gets for a transition's targets (a targetless transition is a self-loop). */
export function mermaidEdges(model: MachineModel): MermaidEdge[] {
  const parentOf = new Map(model.states.map((s) => [s.path, s.parent]));
  const edges: MermaidEdge[] = [];
  for (const t of model.transitions) {
    const targets = t.targets.length ? t.targets : [t.source];
    for (const target of targets) {
      const from = t.source;
      // Entering a composite from outside: draw to the outermost composite entered.
      const to = isWithin(from, target) ? target : childToward(commonAncestor(from, target), target);
      const fromParent = parentOf.get(from) ?? '';
      const block = from !== '' && fromParent === (parentOf.get(to) ?? '') ? fromParent : undefined;
      edges.push({ transition: t, from, to, liftedFrom: to === target ? undefined : target, block });
    }
  }
  return edges;
}

export function toMermaid(model: MachineModel, options: MermaidOptions = {}): string {
  const highlight = options.highlight ?? NO_HIGHLIGHT;
  const byPath = new Map(model.states.map((s) => [s.path, s]));
  const edges = mermaidEdges(model);
  const out: string[] = [];
  const line = (depth: number, text: string) => out.push(`${'  '.repeat(depth)}${text}`);

  if (options.title) out.push('---', `title: ${safeLabel(options.title)}`, '---');
  out.push('stateDiagram-v2');

  const edgeLine = (depth: number, e: MermaidEdge) => {
    const base = transitionLabel(e.transition);
    const label = e.liftedFrom ? `${base} → ${e.liftedFrom.slice(e.to.length + 1)}` : base;
    const mark = highlight.transitions.has(e.transition.id) ? '★ ' : '';
    line(depth, `${e.from === '' ? '[*]' : mermaidId(e.from)} --> ${mermaidId(e.to)} : ${safeLabel(mark + label)}`);
  };

  const declare = (depth: number, s: StateModel) => {
    const id = mermaidId(s.path);
    const label = s.kind === 'history' ? `H (${s.key})` : s.key;
    if (s.kind === 'compound' || s.kind === 'parallel') {
      line(depth, `state "${safeLabel(label)}" as ${id} {`);
      block(depth + 1, s.path, s.initial, s.children);
      line(depth, '}');
    } else {
      line(depth, label === id ? id : `state "${safeLabel(label)}" as ${id}`);
    }
  };

  /** A composite's (or the top level's) body: its initial arrow, its children, its sibling transitions, its finals. */
  const block = (depth: number, path: string, initial: string | undefined, children: readonly string[]) => {
    if (initial !== undefined) line(depth, `[*] --> ${mermaidId(initial)}`);
    for (const c of children) declare(depth, byPath.get(c)!);
    for (const e of edges) if (e.block === path) edgeLine(depth, e);
    for (const c of children) if (byPath.get(c)!.kind === 'final') line(depth, `${mermaidId(c)} --> [*]`);
  };

  block(1, '', model.initial, model.states.filter((s) => s.parent === '').map((s) => s.path));
  // Everything that is not between siblings, at the top level, where naming a state does not move it.
  // (Transitions on the machine root itself — regsim has none — are drawn from the start marker.)
  for (const e of edges) if (e.block === undefined) edgeLine(1, e);

  if (highlight.states.size) {
    line(1, 'classDef highlighted fill:#ffebee,stroke:#c62828,stroke-width:3px,color:#c62828');
    line(1, `class ${[...highlight.states].map(mermaidId).join(',')} highlighted`);
  }
  return `${out.join('\n')}\n`;
}
