/**
 * Scenario checks that need the machines: step events the flow's machine
 * handles (with the payload they name), state ids in `expect` / `steps` that
 * exist in it, and for `validate` a replay of the steps that reports a step
 * the machine refuses, with why.
 */
import type { AnyStateNode } from 'xstate';
import { machineFor } from '../../machines/index.ts';
import { isEventType, isMethodEventType, isOptionEventType } from '../../machines/events.ts';
import { DEFAULT_OPTION_IDS, optionsOfMethod } from '../domain/defaultOptions.ts';
import { METHOD_IDS } from '../domain/methods.ts';
import { didYouMean, formatPath, type Diagnostic, type Locate, type PathSegment } from '../scenario/diagnostics.ts';
import { mergeAcrossVariants, type ExpandedScenario } from '../scenario/matrix.ts';
import type { ListMatch, Scenario, Step } from '../scenario/schema.ts';
import { eventTypesOf } from './events.ts';
import { runScenario } from './runner.ts';

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

/** Every list a list expectation spells out, with the path of each member. */
function listMembers<T>(m: ListMatch<T> | undefined, base: PathSegment[]): Array<{ path: PathSegment[]; value: T }> {
  if (m === undefined) return [];
  if (Array.isArray(m)) return m.map((value, i) => ({ path: [...base, i], value }));
  return (['includes', 'excludes', 'exactly'] as const).flatMap((form) =>
    (m[form] ?? []).map((value, i) => ({ path: [...base, form, i], value })));
}

const PAYLOAD_WORDS = { method: 'a method', option: 'a default sign-in option' } as const;

/** A step's payload fits its event: a method for SELECT_METHOD / CHANGE / DELETE, an option for SELECT_DEFAULT, none otherwise. */
function payloadProblem(step: Exclude<Step, string>): { path: PathSegment[]; message: string } | null {
  const wants = isMethodEventType(step.send) ? 'method' : isOptionEventType(step.send) ? 'option' : null;
  const given = (['method', 'option'] as const).filter((k) => step[k] !== undefined);
  if (wants === null) {
    return given.length ? { path: [given[0]!], message: `${step.send} names no ${given[0]}; remove "${given[0]}"` } : null;
  }
  if (given.includes(wants)) return null;
  if (wants === 'option' && step.method) {
    const options = optionsOfMethod(step.method);
    const hint = options.length ? `; ${step.method} gives ${options.join(', ')}` : `; ${step.method} can never be the default (MTH-04)`;
    return { path: ['method'], message: `${step.send} names a default sign-in option, not a method: write option: …${hint}` };
  }
  const valid = wants === 'option' ? DEFAULT_OPTION_IDS : METHOD_IDS;
  return { path: [], message: `${step.send} needs ${PAYLOAD_WORDS[wants]}: add ${wants}: one of ${valid.join(', ')}` };
}

/** Static checks of one scenario against its flow's machine: events, payloads, state ids. */
export function checkAgainstMachines(s: Scenario, file: string, locate: Locate): Diagnostic[] {
  const { machine } = machineFor(s.flow);
  const events = eventTypesOf(machine);
  const states = stateIdsOf(machine.root);
  const out: Diagnostic[] = [];
  const error = (path: PathSegment[], message: string) => {
    const { line, col } = locate(path);
    out.push({ file, line, col, path: formatPath(path), message, severity: 'error' });
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
      return;
    }
    if (typeof step === 'string') {
      if (isMethodEventType(type) || isOptionEventType(type)) {
        error(path, `${type} needs ${PAYLOAD_WORDS[isMethodEventType(type) ? 'method' : 'option']}: write { send: ${type}, ${isMethodEventType(type) ? 'method' : 'option'}: … }`);
      }
      return;
    }
    const payload = payloadProblem(step);
    if (payload) error(['steps', i, ...payload.path], payload.message);
    if (typeof step.expect === 'string') stateId(['steps', i, 'expect'], step.expect);
    else if (step.expect?.state) stateId(['steps', i, 'expect', 'state'], step.expect.state);
  });
  const e = s.expect;
  if (e.final) stateId(['expect', 'final'], e.final);
  for (const { path, value } of listMembers(e.visits, ['expect', 'visits'])) stateId(path, value);
  e.reachable?.forEach((id, i) => stateId(['expect', 'reachable', i], id));
  e.unreachable?.forEach((id, i) => stateId(['expect', 'unreachable', i], id));
  return out;
}

/**
 * `validate` replays the steps: each step whose event the machine refuses
 * where the walk stands is an error at that step, saying why (the guard, in
 * the domain's words, and the rule). A step marked `refused: true` is meant
 * to be refused; whether it is, and whether the states match, `run` checks.
 */
export function replayDiagnostics(s: Scenario, file: string, locate: Locate): Diagnostic[] {
  const run = runScenario(s);
  return run.failures.flatMap((f) => {
    if (!f.refusal) return [];
    const i = f.step - 1;
    const step = s.steps[i]!;
    const payload = typeof step === 'string' ? undefined : step.method !== undefined ? 'method' : step.option !== undefined ? 'option' : undefined;
    const path: PathSegment[] = f.refusal.about === 'payload' && payload ? ['steps', i, payload] : ['steps', i];
    return [{ file, ...locate(path), path: formatPath(path), message: f.message, severity: 'error' as const }];
  });
}

/**
 * Machine checks (and, for validate, the replay) of every variant of a file,
 * each problem once: a matrix variant repeats its base's problems, so each
 * is reported with the variants it holds for.
 */
export function machineDiagnostics(variants: readonly ExpandedScenario[], file: string, locate: Locate, options: { replay?: boolean } = {}): Diagnostic[] {
  return mergeAcrossVariants(variants.map((v) => {
    const found = checkAgainstMachines(v, file, locate);
    return { variant: v.variant, diagnostics: found.length || !options.replay ? found : replayDiagnostics(v, file, locate) };
  }));
}
