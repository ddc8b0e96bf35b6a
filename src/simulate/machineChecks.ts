/**
 * Scenario checks that need the machines: step events the flow's machine
 * handles, and state ids in `expect` / `steps` that exist in it.
 */
import type { AnyStateNode } from 'xstate';
import { machineFor } from '../../machines/index.ts';
import { isEventType } from '../../machines/events.ts';
import { didYouMean, type Diagnostic, type Locate, type PathSegment } from '../scenario/diagnostics.ts';
import type { Scenario } from '../scenario/schema.ts';
import { eventTypesOf } from './events.ts';

/** Every state id of a machine, as dotted paths from the root (`wizard.setup.email`). */
export function stateIdsOf(root: AnyStateNode): string[] {
  const out: string[] = [];
  const walk = (node: AnyStateNode, prefix: string) => {
    for (const [key, child] of Object.entries(node.states as Record<string, AnyStateNode>)) {
      const id = prefix ? `${prefix}.${key}` : key;
      out.push(id);
      walk(child, id);
    }
  };
  walk(root, '');
  return out;
}

export function checkAgainstMachines(s: Scenario, file: string, locate: Locate): Diagnostic[] {
  const { machine } = machineFor(s.flow);
  const events = eventTypesOf(machine);
  const states = stateIdsOf(machine.root);
  const out: Diagnostic[] = [];
  const error = (path: PathSegment[], message: string) => {
    const { line, col } = locate(path);
    out.push({ file, line, col, path: path.join('.'), message, severity: 'error' });
  };
  const stateId = (path: PathSegment[], id: string) => {
    if (states.includes(id)) return;
    const hint = didYouMean(id, states);
    error(path, `"${id}" is not a state of the ${s.flow} machine${hint ? `; did you mean "${hint}"?` : ''} (\`regsim diagram ${s.flow}\` lists them)`);
  };
  s.steps.forEach((step, i) => {
    const type = typeof step === 'string' ? step : step.send;
    const path: PathSegment[] = typeof step === 'string' ? ['steps', i] : ['steps', i, 'send'];
    if (!isEventType(type) || !events.includes(type)) {
      const hint = didYouMean(type, events);
      error(path, `"${type}" is not an event of the ${s.flow} machine${hint ? `; did you mean "${hint}"?` : ''} Valid: ${events.join(', ')}`);
    }
    if (typeof step !== 'string' && step.expect) stateId(['steps', i, 'expect'], step.expect);
  });
  const e = s.expect;
  if (e.final) stateId(['expect', 'final'], e.final);
  e.visits?.forEach((id, i) => stateId(['expect', 'visits', i], id));
  e.reachable?.forEach((id, i) => stateId(['expect', 'reachable', i], id));
  e.unreachable?.forEach((id, i) => stateId(['expect', 'unreachable', i], id));
  return out;
}
