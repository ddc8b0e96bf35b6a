/**
 * Graphviz DOT for a machine's view (view.ts), left to right or top down:
 * compound states are clusters with their own initial dot, a collapsed
 * composite is one node with a count of the states inside it, finals have a
 * double border, eventless transitions are dashed, targetless ones are
 * dotted self-loops. A transition into a compound state ends at the
 * cluster's border (`lhead`), one out of it starts there (`ltail`). Node
 * names are the state paths scenarios use (`wizard.setup.email`); edges carry
 * the transition ids as SVG ids, states and transitions their descriptions
 * and rules as tooltips. Light and dark themes set every colour in the DOT
 * itself, so the SVG needs no stylesheet (and a PNG renderer sees them all).
 * Output is a pure function of the definition: same machine, same bytes.
 */
import { KEY_SAMPLE_WORDS, KEY_TITLE, KEY_WORDS, type KeyMark } from '../../machines/catalogue/diagram.ts';
import { keyMarks } from './key.ts';
import { stateDescription } from './labels.ts';
import { NO_HIGHLIGHT, isWithin, type Highlight, type MachineModel } from './model.ts';
import { countSuffix, edgeLit, machineView, stateLit, type MachineView, type ViewEdge, type ViewOptions, type ViewState } from './view.ts';

export const DIRECTIONS = ['LR', 'TB'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface DotOptions extends ViewOptions {
  /** The graph's caption; default the machine id. */
  title?: string;
  /** States and transitions to draw bold and coloured. */
  highlight?: Highlight;
  /** Add the rule IDs a transition cites under its label. */
  rules?: boolean;
  /** `LR` (default) or `TB`. */
  direction?: Direction;
  theme?: Theme;
  /** Print a key of the marks the drawing uses under its title (exported drawings; the inspector explains its own). */
  key?: boolean;
  /** The inspector's current state: filled, with the class `current`. */
  current?: string;
  /** Transitions possible now (ids): drawn in the accent colour with the class `enabled`. */
  enabled?: ReadonlySet<string>;
}

interface Palette {
  bg: string; fg: string; muted: string; line: string; cluster: string; fill: string; finalFill: string;
  externalFill: string; highlight: string; highlightFill: string; current: string; currentFg: string; enabled: string;
}

export const PALETTES: Readonly<Record<Theme, Palette>> = {
  light: {
    bg: '#ffffff', fg: '#1b1f24', muted: '#57606a', line: '#57606a', cluster: '#8c959f', fill: '#ffffff', finalFill: '#eaeef2',
    externalFill: '#f6f8fa', highlight: '#c62828', highlightFill: '#ffebee', current: '#ffd54f', currentFg: '#1b1f24', enabled: '#0b57d0',
  },
  dark: {
    bg: '#0d1117', fg: '#e6edf3', muted: '#9198a1', line: '#9198a1', cluster: '#6e7681', fill: '#161b22', finalFill: '#30363d',
    externalFill: '#21262d', highlight: '#ff7b72', highlightFill: '#3d1d1f', current: '#e3b341', currentFg: '#0d1117', enabled: '#58a6ff',
  },
};

/**
 * The font the drawings are laid out and rendered in. Graphviz knows its
 * metrics, and the PNG renderer is given its files (the `dejavu-fonts-ttf`
 * package), so boxes fit their text on every machine.
 */
export const FONT = 'DejaVu Sans';

/**
 * Graphviz measures text with tables of ASCII widths only: any other
 * character is measured as a space (and warns), so a label with one would
 * overflow its box. Typographic marks are written as their ASCII forms.
 */
const ASCII: Readonly<Record<string, string>> = { '’': "'", '‘': "'", '“': '"', '”': '"', '–': '-', '—': '-', '→': '->', '×': 'x', '…': '...', '\u00a0': ' ' };
export const asciiText = (s: string): string => s.replace(/[^\x00-\x7f]/g, (c) => ASCII[c] ?? c.normalize('NFKD').replace(/[^\x00-\x7f]/g, '') ?? '?');

/** A DOT quoted string. */
export const dotString = (s: string): string => `"${asciiText(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

/** Text inside a Graphviz HTML-like label. */
const html = (s: string): string => asciiText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Attr = string | number | { html: string } | undefined;
const attrs = (a: Record<string, Attr>): string => {
  const parts = Object.entries(a).filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? v : typeof v === 'object' ? `<${v.html}>` : dotString(v!)}`);
  return parts.length ? ` [${parts.join(', ')}]` : '';
};

/**
 * A sample of each mark, drawn with HTML-like table cells in the drawing's
 * own colours: boxes with the states' borders, lines with the edges' styles.
 */
function keySample(mark: KeyMark, p: Palette): string {
  const words = html(KEY_SAMPLE_WORDS[mark] ?? '');
  const box = (text: string, style = 'rounded', fill = p.fill) => `<TABLE BORDER="1" CELLBORDER="0" STYLE="${style}" COLOR="${p.line}" BGCOLOR="${fill}"><TR><TD>${text}</TD></TR></TABLE>`;
  // The line and the dots at a fixed size, or the row's tallest sample would stretch them.
  const line = (style: string) => `<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD><TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0" FIXEDSIZE="TRUE" WIDTH="34" HEIGHT="2"><TR><TD SIDES="B" BORDER="1" STYLE="${style}" COLOR="${p.line}" WIDTH="34" HEIGHT="2" FIXEDSIZE="TRUE"></TD></TR></TABLE></TD><TD><FONT POINT-SIZE="9" COLOR="${p.line}">&gt;</FONT></TD></TR></TABLE>`;
  const dot = (size: number, colour: string) => `<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0" STYLE="rounded" FIXEDSIZE="TRUE" WIDTH="${size}" HEIGHT="${size}" BGCOLOR="${colour}"><TR><TD></TD></TR></TABLE>`;
  switch (mark) {
    case 'initial': return dot(9, p.fg);
    case 'final': return `<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="2" COLOR="${p.line}" BGCOLOR="${p.finalFill}"><TR><TD COLOR="${p.line}"><FONT POINT-SIZE="9">${words}</FONT></TD></TR></TABLE>`;
    case 'collapsed': return box(`<FONT POINT-SIZE="8" COLOR="${p.muted}">${words}</FONT>`);
    case 'external': return box(' ', 'rounded,dashed', p.externalFill);
    case 'history': return box(`<FONT POINT-SIZE="9">${words}</FONT>`);
    case 'eventless': return line('dashed');
    case 'targetless': return line('dotted');
    case 'junction': return dot(5, p.line);
    case 'count': return `<FONT POINT-SIZE="9">${words}</FONT>`;
    case 'highlighted': return `<TABLE BORDER="2" CELLBORDER="0" STYLE="rounded" COLOR="${p.highlight}" BGCOLOR="${p.highlightFill}"><TR><TD><FONT POINT-SIZE="9" COLOR="${p.highlight}">${words}</FONT></TD></TR></TABLE>`;
  }
}

/** The graph's caption: its title, and under it the key of the marks used, when asked. */
function titleLabel(title: string, marks: readonly KeyMark[], p: Palette): string | { html: string } {
  if (!marks.length) return title;
  const items = marks.map((m) => `<TD>${keySample(m, p)}</TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="${p.muted}">${html(KEY_WORDS[m])}</FONT></TD>`);
  return {
    html: `<TABLE BORDER="0" CELLSPACING="0"><TR><TD>${html(title)}</TD></TR><TR><TD><TABLE BORDER="0" CELLSPACING="3"><TR>`
      + `<TD><FONT POINT-SIZE="9" COLOR="${p.muted}">${html(KEY_TITLE)}:</FONT></TD>${items.join('')}</TR></TABLE></TD></TR></TABLE>`,
  };
}

/** The point a compound state's initial arrow starts from; edges into the state end there. */
const initialPoint = (path: string): string => (path === '' ? '__initial' : `${path}.__initial`);
const clusterName = (path: string): string => `cluster_${path}`;
const isCluster = (s: ViewState | undefined): boolean => s !== undefined && (s.kind === 'compound' || s.kind === 'parallel');

export function toDot(model: MachineModel, options: DotOptions = {}): string {
  return viewToDot(machineView(model, options), options);
}

export function viewToDot(view: MachineView, options: DotOptions = {}): string {
  const highlight = options.highlight ?? NO_HIGHLIGHT;
  const enabled = options.enabled ?? new Set<string>();
  const p = PALETTES[options.theme ?? 'light'];
  const byPath = new Map(view.states.map((s) => [s.path, s]));
  const cluster = (path: string): boolean => isCluster(byPath.get(path));
  const out: string[] = [];
  const line = (depth: number, text: string) => out.push(`${'  '.repeat(depth)}${text}`);

  line(0, `digraph ${dotString(view.id)} {`);
  line(1, `graph${attrs({
    compound: 'true', newrank: 'true', rankdir: options.direction ?? 'LR', nodesep: 0.3, ranksep: 0.35, fontname: FONT, fontsize: 14,
    labelloc: 't', label: titleLabel(options.title ?? view.id, options.key ? keyMarks(view, highlight) : [], p), bgcolor: p.bg, fontcolor: p.fg, pad: 0.2,
  })};`);
  line(1, `node${attrs({ shape: 'box', style: 'rounded,filled', fontname: FONT, fontsize: 11, height: 0.3, color: p.line, fillcolor: p.fill, fontcolor: p.fg })};`);
  line(1, `edge${attrs({ fontname: FONT, fontsize: 9, arrowsize: 0.7, color: p.line, fontcolor: p.fg })};`);

  /** A drawn state is lit, or, drawn as a cluster, holds one that is: the highlight passes through it. */
  const shownLit = (s: ViewState): boolean => stateLit(s, highlight) || (isCluster(s) && [...highlight.states].some((h) => isWithin(h, s.path)));
  const litEdgeInto = (path: string): boolean => view.edges.some((e) => e.target === path && edgeLit(e, highlight))
    || view.junctions.some((j) => j.target === path && j.ids.some((id) => highlight.transitions.has(id)));
  /**
   * A composite's initial arrow is lit when the highlight enters there: its
   * initial state is lit, and the composite is the top level (where every path
   * starts), is the target of a lit transition, or is entered by its parent's
   * lit initial arrow.
   */
  const initialLit = (parent: string): boolean => {
    const initial = parent === '' ? view.initial : byPath.get(parent)?.initial;
    const child = initial === undefined ? undefined : byPath.get(initial);
    if (!child || !shownLit(child)) return false;
    if (parent === '' || litEdgeInto(parent)) return true;
    const grand = byPath.get(parent)!.parent;
    return (grand === '' ? view.initial : byPath.get(grand)?.initial) === parent && initialLit(grand);
  };

  const initialNode = (depth: number, parent: string, initial: string | undefined) => {
    if (initial === undefined || !byPath.has(initial)) return;
    const lit = initialLit(parent);
    const colour = lit ? p.highlight : p.fg;
    line(depth, `${dotString(initialPoint(parent))}${attrs({ shape: 'point', width: 0.12, label: '', class: lit ? 'initial highlighted' : 'initial', color: colour, fillcolor: colour })};`);
    line(depth, `${dotString(initialPoint(parent))} -> ${dotString(cluster(initial) ? initialPoint(initial) : initial)}${attrs({
      lhead: cluster(initial) ? clusterName(initial) : undefined, class: lit ? 'initial highlighted' : 'initial', color: colour, penwidth: lit ? 2.5 : undefined,
    })};`);
  };

  const tooltipOf = (s: ViewState): string => [
    stateDescription(s), s.hidden ? `${s.hidden} states inside, collapsed` : undefined, s.rules.length ? `Rules: ${s.rules.join(', ')}` : undefined,
  ].filter(Boolean).join('\n') || s.path;

  const emitJunctions = (depth: number, parent: string) => {
    for (const j of view.junctions) if (j.parent === parent) line(depth, `${dotString(j.id)}${attrs({ shape: 'point', width: 0.05, label: '', class: 'junction', color: p.line, fillcolor: p.line })};`);
  };

  const emitState = (depth: number, s: ViewState) => {
    const lit = shownLit(s);
    const current = options.current !== undefined && (s.path === options.current || ((s.hidden > 0 || s.external) && isWithin(options.current, s.path)));
    if (isCluster(s)) {
      line(depth, `subgraph ${dotString(clusterName(s.path))} {`);
      line(depth + 1, `graph${attrs({
        label: s.label, tooltip: tooltipOf(s), style: s.kind === 'parallel' ? 'rounded,dashed' : 'rounded',
        color: lit ? p.highlight : p.cluster, fontcolor: lit ? p.highlight : p.fg, penwidth: lit ? 2.5 : undefined,
        class: lit ? 'state compound highlighted' : 'state compound',
      })};`);
      initialNode(depth + 1, s.path, s.initial);
      for (const child of s.children) { const c = byPath.get(child); if (c) emitState(depth + 1, c); }
      emitJunctions(depth + 1, s.path);
      line(depth, '}');
      return;
    }
    const final = s.kind === 'final';
    const label = s.kind === 'history' ? `H (${s.label})` : s.label;
    line(depth, `${dotString(s.path)}${attrs({
      label: s.hidden ? { html: `${html(label)}<BR/><FONT POINT-SIZE="9" COLOR="${p.muted}">${s.hidden} states inside</FONT>` } : label,
      tooltip: tooltipOf(s),
      shape: s.kind === 'history' ? 'circle' : undefined,
      peripheries: final ? 2 : undefined,
      style: s.external ? 'rounded,filled,dashed' : undefined,
      fillcolor: current ? p.current : lit ? p.highlightFill : final ? p.finalFill : s.external ? p.externalFill : undefined,
      color: lit || current ? p.highlight : undefined,
      fontcolor: current ? p.currentFg : lit ? p.highlight : undefined,
      penwidth: current ? 4 : lit ? 2.5 : s.hidden ? 1.6 : undefined,
      class: ['state', s.kind, s.hidden ? 'collapsed' : '', s.external ? 'external' : '', lit ? 'highlighted' : '', current ? 'current' : ''].filter(Boolean).join(' '),
    })};`);
  };

  initialNode(1, '', view.initial);
  for (const s of view.states) if (s.parent === '') emitState(1, s);
  emitJunctions(1, '');

  /** Where an edge starts or ends at a state: its node, or its cluster's initial point and border. */
  const end = (path: string, other: string): { node: string; cluster: string | undefined } => {
    if (path === '' || cluster(path)) return { node: initialPoint(path), cluster: path !== '' && !isWithin(other, path) ? clusterName(path) : undefined };
    return { node: path, cluster: undefined };
  };

  const edgeStyle = (lit: boolean, on: boolean) => ({
    color: on ? p.enabled : lit ? p.highlight : undefined,
    fontcolor: on ? p.enabled : lit ? p.highlight : undefined,
    penwidth: on ? 2.5 : lit ? 2.5 : undefined,
  });
  const ruleLine = (rules: readonly string[]) => (options.rules && rules.length ? `\n(${rules.join(', ')})` : '');
  const tooltip = (e: ViewEdge) => [...e.ids, ...e.descriptions, e.rules.length ? `Rules: ${e.rules.join(', ')}` : undefined].filter(Boolean).join('\n');
  const classes = (e: { eventless?: boolean; tokens?: string[] }, lit: boolean, on: boolean, extra = '') =>
    ['transition', extra, e.eventless ? 'eventless' : '', lit ? 'highlighted' : '', on ? 'enabled' : '', ...(e.tokens ?? [])].filter(Boolean).join(' ');

  for (const e of view.edges) {
    const lit = edgeLit(e, highlight);
    const on = e.ids.some((id) => enabled.has(id));
    const tail = end(e.source, e.target);
    if (e.via) {
      line(1, `${dotString(tail.node)} -> ${dotString(e.via)}${attrs({
        id: e.id, tooltip: tooltip(e), ltail: tail.cluster, arrowhead: 'none', ...edgeStyle(lit, on), class: classes(e, lit, on),
      })};`);
      continue;
    }
    const head = end(e.target, e.source);
    line(1, `${dotString(tail.node)} -> ${dotString(head.node)}${attrs({
      id: e.id,
      label: `${e.label}${countSuffix(e.count)}${ruleLine(e.rules)}`,
      tooltip: tooltip(e),
      ltail: tail.cluster,
      lhead: head.cluster,
      style: e.eventless ? 'dashed' : e.targetless ? 'dotted' : undefined,
      ...edgeStyle(lit, on),
      class: classes(e, lit, on),
    })};`);
  }
  for (const j of view.junctions) {
    const lit = j.ids.some((id) => highlight.transitions.has(id));
    const on = j.ids.some((id) => enabled.has(id));
    const head = end(j.target, j.parent);
    line(1, `${dotString(j.id)} -> ${dotString(head.node)}${attrs({
      id: j.id, label: `${j.label}${countSuffix(j.count)}${ruleLine(j.rules)}`, tooltip: [...j.ids, j.rules.length ? `Rules: ${j.rules.join(', ')}` : undefined].filter(Boolean).join('\n'),
      lhead: head.cluster, ...edgeStyle(lit, on), class: classes(j, lit, on, 'junction'),
    })};`);
  }
  line(0, '}');
  return `${out.join('\n')}\n`;
}
