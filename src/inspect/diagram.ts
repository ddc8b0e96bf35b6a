/**
 * The session's diagram: the flow's statechart as SVG (the same DOT → SVG
 * exporters as `regsim diagram`), the visited path drawn bold and red and
 * the current state filled amber with a thicker border and the class
 * `current`, so it stands out without any stylesheet (the SVG also works
 * opened on its own). Rendering takes 0.1–0.2 s, so diagrams are cached by
 * what they highlight.
 */
import { MACHINES } from '../../machines/index.ts';
import { toDot } from '../export/dot.ts';
import { machineModel, resolveHighlight, type MachineModel } from '../export/model.ts';
import { renderSvg } from '../export/svg.ts';
import type { Flow } from '../scenario/schema.ts';

export const CURRENT_FILL = '#ffd54f';
const HIGHLIGHT_FILL = '#ffebee';
const CACHE_SIZE = 64;

const models = new Map<Flow, MachineModel>();
const cache = new Map<string, string>();

function modelOf(flow: Flow): MachineModel {
  let model = models.get(flow);
  if (!model) {
    model = machineModel(MACHINES[flow].machine);
    models.set(flow, model);
  }
  return model;
}

/** How Graphviz writes text in `<title>`: XML-escaped, with `-` as `&#45;`. */
const svgText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/-/g, '&#45;');

/**
 * Marks the node drawing state `current`: adds the class `current` and
 * repaints its highlighted fill. Returns the SVG unchanged when the state is
 * not drawn as a node (it always is: the current state is a leaf).
 */
export function markCurrent(svg: string, current: string): string {
  const open = new RegExp(`<g id="(node\\d+)" class="([^"]*)">\\n<title>${svgText(current).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</title>`);
  const m = open.exec(svg);
  if (!m) return svg;
  const start = m.index;
  // A node's group ends before the comment that opens the next node or edge.
  const next = svg.indexOf('\n<!-- ', start);
  const end = next === -1 ? svg.lastIndexOf('</g>') : next;
  const node = svg.slice(start, end)
    .replace(`class="${m[2]}"`, `class="${m[2]} current" aria-current="step"`)
    .replaceAll(`fill="${HIGHLIGHT_FILL}"`, `fill="${CURRENT_FILL}"`)
    .replaceAll('stroke-width="2.5"', 'stroke-width="4"');
  return svg.slice(0, start) + node + svg.slice(end);
}

/** The flow's SVG with `visited` (state ids in order) highlighted as a path and `current` marked. */
export function sessionDiagram(flow: Flow, visited: readonly string[], current: string): string {
  const key = JSON.stringify([flow, visited, current]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const model = modelOf(flow);
  const { highlight } = resolveHighlight(model, visited);
  const svg = markCurrent(renderSvg(toDot(model, { title: MACHINES[flow].title, highlight })), current);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, svg);
  return svg;
}
