/**
 * `regsim diagram <machine|all>`: a machine as Mermaid (default, to stdout),
 * Graphviz DOT, SVG or a Markdown page; `--out DIR` writes one file per
 * machine (`<machine>.mmd|.dot|.svg|.md`); `--highlight` draws the named
 * states and transitions bold and coloured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINES } from '../../machines/index.ts';
import { toDot } from '../export/dot.ts';
import { machinePage } from '../export/markdown.ts';
import { toMermaid } from '../export/mermaid.ts';
import { highlightIds, machineModel, parseHighlightList, resolveHighlight, type Highlight, type MachineModel } from '../export/model.ts';
import { renderSvg } from '../export/svg.ts';
import { suggestion } from '../scenario/diagnostics.ts';
import type { Flow } from '../scenario/schema.ts';
import { UsageError } from './output.ts';

export { writeDocs } from '../export/writeDocs.ts';

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'md'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** The file extension `--out` uses per format. */
export const DIAGRAM_EXTENSIONS: Readonly<Record<DiagramFormat, string>> = { mermaid: 'mmd', dot: 'dot', svg: 'svg', md: 'md' };

export interface DiagramOptions {
  format: string | undefined;
  out: string | undefined;
  highlight: string | undefined;
}

const FLOWS = Object.keys(MACHINES) as Flow[];

/** One machine in one format. */
export function renderDiagram(flow: Flow, format: DiagramFormat, highlight?: Highlight, model: MachineModel = machineModel(MACHINES[flow].machine)): string {
  const { title } = MACHINES[flow];
  switch (format) {
    case 'mermaid': return toMermaid(model, { title, highlight });
    case 'dot': return toDot(model, { title, highlight });
    case 'svg': return renderSvg(toDot(model, { title, highlight }));
    case 'md': return machinePage({ flow, title, model }, { highlight });
  }
}

function parseFormat(format: string | undefined): DiagramFormat {
  if (format === undefined) return 'mermaid';
  if ((DIAGRAM_FORMATS as readonly string[]).includes(format)) return format as DiagramFormat;
  throw new UsageError(`diagram --format must be mermaid, dot, svg or md (got "${format}")${suggestion(format, DIAGRAM_FORMATS)}`);
}

function parseTarget(target: string | undefined): Flow[] {
  const valid = [...FLOWS, 'all'];
  if (target === undefined) throw new UsageError(`diagram needs a machine: ${valid.join(', ')}`);
  if (target === 'all') return FLOWS;
  if ((FLOWS as string[]).includes(target)) return [target as Flow];
  throw new UsageError(`unknown machine "${target}"${suggestion(target, valid)} (machines: ${valid.join(', ')})`);
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
      + '(give state paths such as wizard.setup.email, or transition ids such as interrupt.wizard.intro:NEXT:1)');
  }
  return out;
}

export function diagramCommand(target: string | undefined, opts: DiagramOptions): number {
  const flows = parseTarget(target);
  const format = parseFormat(opts.format);
  if (format === 'svg' && flows.length > 1 && !opts.out) throw new UsageError('diagram all --format svg needs --out DIR (one SVG file per machine)');
  const models = new Map(flows.map((f) => [f, machineModel(MACHINES[f].machine)]));
  const lit = highlights(flows, models, opts.highlight);
  const rendered = flows.map((flow) => ({ flow, text: renderDiagram(flow, format, lit.get(flow), models.get(flow)) }));
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    for (const { flow, text } of rendered) {
      const path = join(opts.out, `${flow}.${DIAGRAM_EXTENSIONS[format]}`);
      writeFileSync(path, text);
      process.stdout.write(`wrote ${path}\n`);
    }
  } else {
    process.stdout.write(rendered.map((r) => r.text).join('\n'));
  }
  return 0;
}
