/**
 * `docs/rules.md`, the traceability page: for every rule of the catalogue,
 * its summary and sources, the states and transitions of every machine that
 * cite it, the shipped scenarios written for it (`sources.rules`), and the
 * first generated path that reaches it — a scenario and a path id of
 * `regsim paths <file> --cover rules`, so anyone can replay it. Rules no
 * path reaches are listed first (there should be none).
 *
 * Paths are looked for in the scenarios written for the rule first, then in
 * file order; each scenario is explored at most once.
 */
import { MACHINES } from '../../machines/index.ts';
import { RULES, RULE_GROUPS, RULE_IDS, type RuleId } from '../domain/rules.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';
import { variantLabel } from '../scenario/matrix.ts';
import { generatePaths, planScenario } from '../paths/generate.ts';
import type { TestPath } from '../paths/path.ts';
import { GENERATED_NOTE, prose } from './markdown.ts';
import { machineModel } from './model.ts';

export interface ShippedScenario {
  file: string;
  scenario: ExpandedScenario;
}

export interface RulePath {
  file: string;
  /** The scenario's name with its matrix variant. */
  scenario: string;
  variant: string | null;
  path: string;
  description: string;
}

export interface RuleTrace {
  id: RuleId;
  states: Array<{ flow: string; path: string }>;
  transitions: Array<{ flow: string; id: string }>;
  /** Scenarios that name the rule in `sources.rules`, one entry per file. */
  scenarios: string[];
  first: RulePath | undefined;
}

/** Every rule with where it is cited, written for and first reached. */
export function ruleTraces(shipped: readonly ShippedScenario[]): RuleTrace[] {
  const models = Object.values(MACHINES).map((m) => ({ flow: m.flow, model: machineModel(m.machine) }));
  const paths = new Map<number, TestPath[]>();
  const pathsOf = (i: number): TestPath[] => {
    let p = paths.get(i);
    if (!p) {
      p = [...generatePaths(planScenario(shipped[i]!.scenario), { criterion: 'rules' })];
      paths.set(i, p);
    }
    return p;
  };
  return RULE_IDS.map((id) => {
    const citing = shipped.map((s, i) => ({ s, i })).filter(({ s }) => s.scenario.sources.rules.includes(id));
    const order = [...citing.map((c) => c.i), ...shipped.map((_, i) => i).filter((i) => !citing.some((c) => c.i === i))];
    let first: RulePath | undefined;
    for (const i of order) {
      const hit = pathsOf(i).find((p) => p.rules.includes(id));
      if (!hit) continue;
      const { file, scenario } = shipped[i]!;
      const variant = Object.keys(scenario.variant).length ? variantLabel(scenario.variant) : null;
      first = { file, scenario: scenario.name, variant, path: hit.id, description: hit.description };
      break;
    }
    return {
      id,
      states: models.flatMap(({ flow, model }) => model.states.filter((s) => s.rules.includes(id)).map((s) => ({ flow, path: s.path }))),
      transitions: models.flatMap(({ flow, model }) => model.transitions.filter((t) => t.rules.includes(id)).map((t) => ({ flow, id: t.id }))),
      scenarios: [...new Set(citing.map(({ s }) => s.file))],
      first,
    };
  });
}

const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '—');

export function rulesPage(traces: readonly RuleTrace[]): string {
  const uncovered = traces.filter((t) => !t.first);
  const out = [
    GENERATED_NOTE,
    '',
    '# Rules: where each is implemented and shown',
    '',
    `Every rule of the catalogue (\`src/domain/rules.ts\`, ${traces.length} rules): its summary and sources, the states and transitions of the machines that cite it, `
      + 'the shipped scenarios written for it (their `sources.rules`), and the first generated path that reaches it. '
      + 'Replay a path with `regsim paths <file> --cover rules` (it lists the path under its id) or draw it with `regsim diagram <machine> --scenario <file> --highlight <id>`.',
    '',
    '## Rules no path reaches',
    '',
    uncovered.length ? uncovered.map((t) => `- **${t.id}** — ${prose(RULES[t.id].summary)}`).join('\n') : 'None: every rule is reached by at least one path of a shipped scenario.',
    '',
  ];
  let group = '';
  for (const t of traces) {
    const rule = RULES[t.id];
    if (rule.group !== group) {
      group = rule.group;
      out.push(`## ${RULE_GROUPS[rule.group]} (${group})`, '');
    }
    const first = t.first
      ? `${code(t.first.file)}${t.first.variant ? ` (${prose(t.first.variant)})` : ''}, path **${t.first.path}**: ${code(t.first.description)}`
      : '**none**';
    out.push(
      `### ${t.id}`,
      '',
      prose(rule.summary),
      '',
      `- Sources: ${rule.sources.join(', ')}${rule.seeds.length ? ` (${rule.seeds.map(code).join(', ')})` : ''}${rule.profileDependent ? '; differs between the documented and observed profiles' : ''}`,
      `- States: ${list(t.states.map((s) => `[${code(s.path)}](${s.flow}.md) (${s.flow})`))}`,
      `- Transitions: ${list(t.transitions.map((x) => code(x.id)))}`,
      `- Scenarios written for it: ${list(t.scenarios.map(code))}`,
      `- First path: ${first}`,
      '',
    );
  }
  return out.join('\n');
}
