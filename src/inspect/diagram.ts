/**
 * The session's diagram: the flow's statechart as SVG (the same view and
 * DOT exporters as `regsim diagram`), the visited path drawn bold and red,
 * the current state filled amber with the class `current`, and the
 * transitions possible now in the accent colour with the class `enabled`
 * and, as class tokens `t:<transition id>`, the transitions each draws —
 * so the page can send the event behind an edge that is clicked. The SVG
 * needs no stylesheet (it also works opened on its own). Rendering takes
 * 0.1–0.2 s, so diagrams are cached by what they highlight.
 */
import { MACHINES } from '../../machines/index.ts';
import { viewToDot } from '../export/dot.ts';
import { machineModel, resolveHighlight, type MachineModel } from '../export/model.ts';
import { renderSvg } from '../export/svg.ts';
import { machineView, type MachineView } from '../export/view.ts';
import type { Flow } from '../scenario/schema.ts';

const CACHE_SIZE = 64;

const models = new Map<Flow, { model: MachineModel; view: MachineView }>();
const cache = new Map<string, string>();

function modelOf(flow: Flow): { model: MachineModel; view: MachineView } {
  let m = models.get(flow);
  if (!m) {
    const model = machineModel(MACHINES[flow].machine);
    m = { model, view: machineView(model) };
    models.set(flow, m);
  }
  return m;
}

/** The view with each enabled edge also classed by the transitions it draws. */
function tokened(view: MachineView, enabled: ReadonlySet<string>): MachineView {
  return {
    ...view,
    edges: view.edges.map((e) => (e.ids.some((id) => enabled.has(id)) ? { ...e, tokens: e.ids.map((id) => `t:${id}`) } : e)),
    junctions: view.junctions.map((j) => (j.ids.some((id) => enabled.has(id)) ? { ...j, tokens: j.ids.map((id) => `t:${id}`) } : j)),
  };
}

/** The flow's SVG with `visited` (state ids in order) highlighted as a path, `current` marked and `enabled` transitions drawn clickable. */
export function sessionDiagram(flow: Flow, visited: readonly string[], current: string, enabled: readonly string[] = []): string {
  const key = JSON.stringify([flow, visited, current, enabled]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { model, view } = modelOf(flow);
  const { highlight } = resolveHighlight(model, visited);
  const on = new Set(enabled);
  const svg = renderSvg(viewToDot(tokened(view, on), { title: MACHINES[flow].title, highlight, current, enabled: on }));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, svg);
  return svg;
}
