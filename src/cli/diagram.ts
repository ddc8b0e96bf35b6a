/**
 * `regsim diagram <machine|all>`: a machine as Mermaid (default, to stdout),
 * Graphviz DOT, SVG, PNG or a Markdown page; `--out DIR` writes one file per
 * machine (`<machine>.mmd|.dot|.svg|.png|.md`). What is drawn: `--depth N`
 * (composites below collapsed), `--focus <state>` (one composite's inside),
 * `--direction LR|TB`, `--theme light|dark`, `--labels words|ids`. What is
 * highlighted: `--highlight` with state paths and transition ids, or a path
 * id of `regsim paths` (`T003`, `W001`, `X002`) with the scenario it belongs to
 * (`--scenario FILE`, `--variant N`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINES } from '../../machines/index.ts';
import { DIRECTIONS, THEMES, toDot, type Direction, type DotOptions, type Theme } from '../export/dot.ts';
import { LABEL_MODES, type LabelMode } from '../export/labels.ts';
import { machinePage } from '../export/markdown.ts';
import { toMermaid } from '../export/mermaid.ts';
import { highlightIds, machineModel, parseHighlightList, resolveHighlight, type Highlight, type MachineModel } from '../export/model.ts';
import { pathHighlight, isPathId } from '../export/pathHighlight.ts';
import { renderPng } from '../export/png.ts';
import { renderSvg } from '../export/svg.ts';
import { ViewError, focusable } from '../export/view.ts';
import { suggestion } from '../scenario/diagnostics.ts';
import type { Flow } from '../scenario/schema.ts';
import { UsageError } from './output.ts';

export { writeDocs } from '../export/writeDocs.ts';

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'png', 'md'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** The file extension `--out` uses per format. */
export const DIAGRAM_EXTENSIONS: Readonly<Record<DiagramFormat, string>> = { mermaid: 'mmd', dot: 'dot', svg: 'svg', png: 'png', md: 'md' };

export interface DiagramOptions {
  format: string | undefined;
  out: string | undefined;
  highlight: string | undefined;
  depth?: string;
  focus?: string;
  direction?: string;
  theme?: string;
  labels?: string;
  /** The scenario a path id in `--highlight` belongs to. */
  scenario?: string;
  variant?: string;
  /** `--cover random`'s seed and goal, for `W` path ids. */
  seed?: number;
  until?: string;
}

/** How to draw, as the exporters take it. */
export interface DrawOptions {
  depth?: number;
  focus?: string;
  direction?: Direction;
  theme?: Theme;
  labels?: LabelMode;
}

const FLOWS = Object.keys(MACHINES) as Flow[];

/** One machine in one format (PNG as bytes). */
export function renderDiagram(flow: Flow, format: DiagramFormat, highlight?: Highlight, model: MachineModel = machineModel(MACHINES[flow].machine), draw: DrawOptions = {}): string | Buffer {
  const { title } = MACHINES[flow];
  const dot: DotOptions = { title, highlight, key: true, ...draw };
  switch (format) {
    case 'mermaid': return toMermaid(model, { title, highlight, ...draw });
    case 'dot': return toDot(model, dot);
    case 'svg': return renderSvg(toDot(model, dot));
    case 'png': return renderPng(renderSvg(toDot(model, dot)));
    case 'md': return machinePage({ flow, title, model }, { highlight });
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, valid: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((valid as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be ${valid.slice(0, -1).join(', ')} or ${valid.at(-1)} (got "${value}")${suggestion(value, valid)}`);
}

function parseTarget(target: string | undefined): Flow[] {
  const valid = [...FLOWS, 'all'];
  if (target === undefined) throw new UsageError(`diagram needs a machine: ${valid.join(', ')}`);
  if (target === 'all') return FLOWS;
  if ((FLOWS as string[]).includes(target)) return [target as Flow];
  throw new UsageError(`unknown machine "${target}"${suggestion(target, valid)} (machines: ${valid.join(', ')})`);
}

function parseDepth(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--depth takes a whole number from 1 (1: the top-level states only; got "${v}")`);
  return Number(v);
}

/** `--highlight` per machine; an id no chosen machine has is a usage error. */
function highlights(flows: readonly Flow[], models: ReadonlyMap<Flow, MachineModel>, text: string | undefined): Map<Flow, Highlight> {
  const ids = parseHighlightList(text);
  const out = new Map<Flow, Highlight>();
  const unknownEverywhere = new Set(ids);
  for (const flow of flows) {
    const { highlight, unknown } = resolveHighlight(models.get(flow)!, ids);
    out.set(flow, highlight);
    for (const id of ids) if (!unknown.includes(id)) unknownEverywhere.delete(id);
  }
  const [first] = unknownEverywhere;
  if (first !== undefined) {
    const candidates = flows.flatMap((f) => highlightIds(models.get(f)!));
    const where = flows.length === 1 ? `machine ${flows[0]}` : 'any machine';
    throw new UsageError(`--highlight: "${first}" is not a state or transition of ${where}${suggestion(first, candidates)} `
      + '(give state paths such as wizard.setup.email, transition ids such as interrupt.wizard.intro:NEXT:1, or a path id such as T003 with --scenario FILE)');
  }
  return out;
}

export function diagramCommand(target: string | undefined, opts: DiagramOptions): number {
  let flows = parseTarget(target);
  const format = oneOf('diagram --format', opts.format, DIAGRAM_FORMATS) ?? 'mermaid';
  const draw: DrawOptions = {
    depth: parseDepth(opts.depth),
    focus: opts.focus,
    direction: oneOf('--direction', opts.direction, DIRECTIONS),
    theme: oneOf('--theme', opts.theme, THEMES),
    labels: oneOf('--labels', opts.labels, LABEL_MODES),
  };
  if ((format === 'svg' || format === 'png') && flows.length > 1 && !opts.out) throw new UsageError(`diagram all --format ${format} needs --out DIR (one file per machine)`);
  if (format === 'png' && !opts.out && process.stdout.isTTY) throw new UsageError('--format png writes binary: give --out DIR, or redirect stdout to a file');
  const models = new Map(flows.map((f) => [f, machineModel(MACHINES[f].machine)]));
  if (draw.focus !== undefined) {
    const having = flows.filter((f) => focusable(models.get(f)!).includes(draw.focus!));
    if (having.length === 0) {
      const candidates = flows.flatMap((f) => focusable(models.get(f)!));
      throw new UsageError(`--focus: "${draw.focus}" is not a composite state of ${flows.length === 1 ? `machine ${flows[0]}` : 'any machine'}${suggestion(draw.focus, candidates)} (composites: ${[...new Set(candidates)].join(', ')})`);
    }
    flows = having;
  }
  let lit: Map<Flow, Highlight>;
  const pathIds = parseHighlightList(opts.highlight).filter(isPathId);
  if (pathIds.length) {
    if (!opts.scenario) throw new UsageError(`--highlight ${pathIds[0]} is a path id of \`regsim paths\`: give its scenario with --scenario FILE`);
    const { flow, highlight } = pathHighlight(opts.scenario, pathIds, { variant: opts.variant, seed: opts.seed, until: opts.until });
    if (!flows.includes(flow)) throw new UsageError(`--scenario ${opts.scenario} runs the ${flow} machine, not ${flows.join(', ')}: draw \`regsim diagram ${flow}\``);
    const rest = parseHighlightList(opts.highlight).filter((id) => !isPathId(id));
    const others = highlights([flow], models, rest.join(','));
    lit = new Map([[flow, { states: new Set([...highlight.states, ...others.get(flow)!.states]), transitions: new Set([...highlight.transitions, ...others.get(flow)!.transitions]) }]]);
  } else {
    lit = highlights(flows, models, opts.highlight);
  }
  let rendered: Array<{ flow: Flow; content: string | Buffer }>;
  try {
    rendered = flows.map((flow) => ({ flow, content: renderDiagram(flow, format, lit.get(flow), models.get(flow), draw) }));
  } catch (e) {
    if (e instanceof ViewError) throw new UsageError(e.message);
    throw e;
  }
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    for (const { flow, content } of rendered) {
      const path = join(opts.out, `${flow}.${DIAGRAM_EXTENSIONS[format]}`);
      writeFileSync(path, content);
      process.stdout.write(`wrote ${path}\n`);
    }
  } else if (format === 'png') {
    process.stdout.write(rendered[0]!.content);
  } else {
    process.stdout.write(rendered.map((r) => r.content).join('\n'));
  }
  return 0;
}
