/**
 * Which of the key's marks (machines/catalogue/diagram.ts) a drawing of this
 * view uses, in the key's order: a key that explains a mark the drawing does
 * not have would send the reader looking for it.
 */
import { KEY_MARKS, type KeyMark } from '../../machines/catalogue/diagram.ts';
import type { Highlight } from './model.ts';
import { edgeLit, stateLit, type MachineView } from './view.ts';

export function keyMarks(view: MachineView, highlight: Highlight): KeyMark[] {
  const used: Record<KeyMark, boolean> = {
    initial: view.initial !== undefined,
    final: view.states.some((s) => s.kind === 'final'),
    collapsed: view.states.some((s) => s.hidden > 0 && !s.external),
    external: view.states.some((s) => s.external),
    history: view.states.some((s) => s.kind === 'history'),
    eventless: view.edges.some((e) => e.eventless),
    targetless: view.edges.some((e) => e.targetless),
    junction: view.junctions.length > 0,
    count: view.edges.some((e) => e.count > 1) || view.junctions.some((j) => j.count > 1),
    highlighted: view.states.some((s) => stateLit(s, highlight)) || view.edges.some((e) => edgeLit(e, highlight)),
  };
  return KEY_MARKS.filter((m) => used[m]);
}
