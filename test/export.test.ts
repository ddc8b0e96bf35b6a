/**
 * The exporters (src/export) and `regsim diagram`: every state and every
 * transition of every machine reaches the DOT and the Mermaid, finals are
 * marked, Mermaid never enters a composite's child from outside, output is
 * byte-identical run to run, the SVG is well-formed, `--highlight` marks
 * what it names, the Markdown pages cite every rule — and the checked-in
 * docs/ equal what `npm run docs` would write now (CI fails if stale).
 *
 * Expected sets come from the machines through src/paths/transitions.ts, not
 * from the exporters' own model, so the two readings check each other.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, type AnyStateMachine } from 'xstate';
import { afterAll, describe, expect, it } from 'vitest';
import { MACHINES } from '../machines/index.ts';
import { RULES, type RuleId } from '../src/domain/rules.ts';
import { stateNodesOf, stateRules, transitionsOf } from '../src/paths/transitions.ts';
import { diagramCommand } from '../src/cli/diagram.ts';
import { UsageError } from '../src/cli/output.ts';
import { toDot } from '../src/export/dot.ts';
import { machinePage } from '../src/export/markdown.ts';
import { mermaidId, toMermaid } from '../src/export/mermaid.ts';
import { isWithin, machineModel, parseHighlightList, resolveHighlight } from '../src/export/model.ts';
import { renderSvg, renderSvgWithWarnings } from '../src/export/svg.ts';
import { docsFiles, writeDocs } from '../src/export/writeDocs.ts';

const ENTRIES = Object.values(MACHINES);
const TMP = mkdtempSync(join(tmpdir(), 'regsim-export-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** What the machine definition says, read independently of src/export/model.ts. */
function expected(machine: AnyStateMachine) {
  const prefix = `${machine.root.id}.`;
  const pathOf = (id: string) => id.slice(prefix.length);
  const nodes = stateNodesOf(machine).slice(1);
  return {
    states: nodes.map((n) => ({ path: n.path.join('.'), key: n.key, type: n.type, compound: n.type === 'compound' || n.type === 'parallel' })),
    finals: nodes.filter((n) => n.type === 'final').map((n) => n.path.join('.')),
    transitions: transitionsOf(machine).map((t) => ({ ...t, source: pathOf(t.source), targets: t.targets.map(pathOf) })),
    rules: [...new Set([...nodes.flatMap((n) => stateRules(n)), ...transitionsOf(machine).flatMap((t) => t.rules)])],
  };
}

/** `"a" -> "b" [id="…", …]` edges of a DOT text. */
function dotEdges(dot: string): { from: string; to: string; id: string | undefined; attrs: string }[] {
  return [...dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)"(?: \[(.*)\])?;$/gm)].map((m) => ({
    from: m[1]!, to: m[2]!, attrs: m[3] ?? '', id: /(?:^|, )id="([^"]+)"/.exec(m[3] ?? '')?.[1],
  }));
}

interface MermaidLine { block: string; from: string; to: string; label: string }

/** The transition lines of a Mermaid diagram, each with the composite block it is written in (`''` top level). */
function mermaidLines(text: string): { edges: MermaidLine[]; declared: Map<string, string> } {
  const stack: string[] = [''];
  const edges: MermaidLine[] = [];
  const declared = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const open = /^state "[^"]*" as (\S+) \{$/.exec(line);
    if (open) { declared.set(open[1]!, stack.at(-1)!); stack.push(open[1]!); continue; }
    if (line === '}') { stack.pop(); continue; }
    const edge = /^(\S+) --> (\S+)(?: : (.*))?$/.exec(line);
    if (edge) { edges.push({ block: stack.at(-1)!, from: edge[1]!, to: edge[2]!, label: edge[3] ?? '' }); continue; }
    const alias = /^state "[^"]*" as (\S+)$/.exec(line);
    if (alias) { declared.set(alias[1]!, stack.at(-1)!); continue; }
    if (/^\w+$/.test(line) && line !== 'stateDiagram') declared.set(line, stack.at(-1)!);
  }
  return { edges, declared };
}

/** A small well-formedness check: one root, every tag closed in order, nothing after the root. */
function wellFormedXml(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/<\?xml[\s\S]*?\?>/, '').replace(/<!DOCTYPE[^>]*>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

describe.each(ENTRIES.map((e) => [e.flow, e] as const))('%s', (flow, entry) => {
  const want = expected(entry.machine);
  const model = machineModel(entry.machine);
  const dot = toDot(model, { title: entry.title });
  const mermaid = toMermaid(model, { title: entry.title });

  it('DOT draws every state: atomic and final ones as nodes, compound ones as clusters', () => {
    for (const s of want.states) {
      if (s.compound) expect(dot, s.path).toContain(`subgraph "cluster_${s.path}" {`);
      else expect(dot, s.path).toMatch(new RegExp(`^\\s*"${s.path.replace(/\./g, '\\.')}" \\[label="${s.key}"`, 'm'));
    }
  });

  it('DOT draws every transition once per target, from its source to its target, labelled EVENT [guard]', () => {
    const edges = dotEdges(dot).filter((e) => e.id !== undefined);
    const endpoint = (path: string) => (want.states.find((s) => s.path === path)?.compound ? `${path}.__initial` : path);
    expect(edges).toHaveLength(want.transitions.reduce((n, t) => n + Math.max(1, t.targets.length), 0));
    for (const t of want.transitions) {
      const drawn = edges.filter((e) => e.id === t.id || e.id?.startsWith(`${t.id}#`));
      expect(drawn.map((e) => [e.from, e.to]), t.id).toEqual((t.targets.length ? t.targets : [t.source]).map((to) => [endpoint(t.source), endpoint(to)]));
      for (const e of drawn) expect(e.attrs, t.id).toMatch(new RegExp(`label="${t.event}( \\[[^\\]]+\\])?"`));
      if (t.event === 'always') for (const e of drawn) expect(e.attrs, t.id).toContain('style="dashed"');
    }
  });

  it('DOT marks exactly the final states with a double border', () => {
    const doubled = [...dot.matchAll(/^\s*"([^"]+)" \[[^\n]*peripheries=2/gm)].map((m) => m[1]);
    expect(doubled).toEqual(want.finals);
  });

  it('Mermaid declares every state inside its own parent and draws every transition', () => {
    const { edges, declared } = mermaidLines(mermaid);
    for (const s of want.states) {
      const parent = s.path.includes('.') ? mermaidId(s.path.slice(0, s.path.lastIndexOf('.'))) : '';
      expect(declared.get(mermaidId(s.path)), s.path).toBe(parent);
    }
    const transitionEdges = edges.filter((e) => e.from !== '[*]' && e.to !== '[*]');
    expect(transitionEdges).toHaveLength(want.transitions.reduce((n, t) => n + Math.max(1, t.targets.length), 0));
    for (const t of want.transitions) {
      const label = new RegExp(`^${t.event}( \\[[^\\]]+\\])?( → \\S+)?$`);
      expect(transitionEdges.some((e) => e.from === mermaidId(t.source) && label.test(e.label)), t.id).toBe(true);
    }
  });

  it('Mermaid marks every final state with an arrow to [*] and nothing else', () => {
    const { edges } = mermaidLines(mermaid);
    expect(edges.filter((e) => e.to === '[*]').map((e) => e.from)).toEqual(want.finals.map(mermaidId));
  });

  it('Mermaid never draws an edge into a composite\'s child from outside it, nor names a state outside its own block', () => {
    const { edges } = mermaidLines(mermaid);
    const pathOf = new Map(want.states.map((s) => [mermaidId(s.path), s.path]));
    for (const e of edges) {
      if (e.to === '[*]' || e.from === '[*]') continue;
      const from = pathOf.get(e.from)!;
      const to = pathOf.get(e.to)!;
      const parent = to.includes('.') ? to.slice(0, to.lastIndexOf('.')) : '';
      expect(isWithin(from, parent), `${from} --> ${to}`).toBe(true);
      // Inside a composite's block only its own children are named (mermaid#5290 moves them otherwise).
      if (e.block !== '') for (const end of [from, to]) expect(mermaidId(end.slice(0, end.lastIndexOf('.'))), `${from} --> ${to} in ${e.block}`).toBe(e.block);
    }
  });

  it('output is byte-identical from run to run and from a fresh model', () => {
    const again = machineModel(entry.machine);
    expect(toDot(again, { title: entry.title })).toBe(dot);
    expect(toMermaid(again, { title: entry.title })).toBe(mermaid);
    expect(machinePage({ flow, title: entry.title, model: again })).toBe(machinePage({ flow, title: entry.title, model }));
    expect(renderSvg(dot)).toBe(renderSvg(toDot(again, { title: entry.title })));
  });

  it('SVG is a well-formed document naming every top-level state, rendered without Graphviz warnings', () => {
    const { svg, warnings } = renderSvgWithWarnings(dot);
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<?xml') || svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(wellFormedXml(svg)).toEqual([]);
    for (const s of want.states.filter((x) => !x.path.includes('.'))) {
      expect(svg, s.path).toContain(s.compound ? `<title>cluster_${s.path}</title>` : `<title>${s.path}</title>`);
    }
  });

  it('the Markdown page lists every state, every transition\'s source, every outcome and every rule the machine cites', () => {
    const page = machinePage({ flow, title: entry.title, model });
    expect(page).toContain(`# ${entry.title}`);
    expect(page).toMatch(/```mermaid\nstateDiagram-v2\n[\s\S]*\n```/);
    for (const s of want.states) expect(page, s.path).toContain(`| \`${s.path}\` |`);
    const outcomes = page.slice(page.indexOf('## Outcomes'), page.indexOf('## Rules'));
    for (const f of want.finals) expect(outcomes, f).toContain(`- \`${f}\` — `);
    const rulesSection = page.slice(page.indexOf('## Rules'));
    for (const r of want.rules) expect(rulesSection, r).toContain(`<a id="${r.toLowerCase()}"></a>${r} |`);
    expect([...rulesSection.matchAll(/<a id="[^"]+"><\/a>([A-Z0-9]+-\d+) /g)].map((m) => m[1]).sort()).toEqual([...want.rules].sort());
    expect(page.split('\n').filter((l) => /^\| `[^`]*` \| `[^`]+` \| /.test(l))).toHaveLength(want.transitions.length);
  });
});

describe('Mermaid and a transition into a composite\'s child', () => {
  // Not in regsim's machines today: a transition from outside straight into a nested state.
  const machine = setup({}).createMachine({
    id: 'lift',
    initial: 'a',
    states: {
      a: { on: { GO: '#lift.c.d', JUMP: '#lift.c.e' } },
      c: { initial: 'x', states: { x: { on: { NEXT: 'd' } }, d: { on: { OUT: '#lift.a' } }, e: { initial: 'f', states: { f: {} } } } },
    },
  });
  const model = machineModel(machine);

  it('draws it to the composite and names the real target in the label', () => {
    const { edges } = mermaidLines(toMermaid(model));
    expect(edges.filter((e) => e.from === 'a')).toEqual([
      { block: '', from: 'a', to: 'c', label: 'GO → d' },
      { block: '', from: 'a', to: 'c', label: 'JUMP → e' },
    ]);
    expect(edges).toContainEqual({ block: 'c', from: 'c__x', to: 'c__d', label: 'NEXT' });
    expect(edges).toContainEqual({ block: '', from: 'c__d', to: 'a', label: 'OUT' });
  });

  it('DOT draws it to the nested state itself', () => {
    expect(dotEdges(toDot(model)).map((e) => `${e.from}->${e.to}`)).toEqual(expect.arrayContaining(['a->c.d', 'a->c.e.__initial']));
  });
});

describe('--highlight', () => {
  const entry = MACHINES.interrupt;
  const model = machineModel(entry.machine);
  const ids = parseHighlightList('gate, wizard.intro wizard.setup.email,interrupt.wizard.setup.email.enterCode:CODE_CORRECT');
  const { highlight, unknown } = resolveHighlight(model, ids);

  it('takes state paths (with or without the machine id) and transition ids, comma or space separated', () => {
    expect(unknown).toEqual([]);
    expect([...highlight.states]).toEqual(['gate', 'wizard.intro', 'wizard.setup.email']);
    expect(resolveHighlight(model, ['interrupt.wizard.review']).highlight.states).toEqual(new Set(['wizard.review']));
    expect(resolveHighlight(model, ['wizard.nowhere']).unknown).toEqual(['wizard.nowhere']);
  });

  it('reads the states as a path: the transitions between consecutive states are highlighted too', () => {
    expect([...highlight.transitions].sort()).toEqual([
      'interrupt.gate:always:8', 'interrupt.wizard.intro:NEXT:1', 'interrupt.wizard.setup.email.enterCode:CODE_CORRECT',
    ]);
  });

  it('DOT draws the highlighted states, clusters and transitions bold and coloured, and nothing else', () => {
    const dot = toDot(model, { highlight });
    const lit = dot.split('\n').filter((l) => l.includes('highlighted'));
    expect(lit.filter((l) => /^\s*"[^"]+" \[/.test(l) && !l.includes('->')).map((l) => /"([^"]+)"/.exec(l)![1])).toEqual(['gate', 'wizard.intro']);
    expect(lit.filter((l) => l.includes('graph [')).map((l) => /label="([^"]+)"/.exec(l)![1])).toEqual(['email']);
    expect(dotEdges(dot).filter((e) => e.attrs.includes('highlighted')).map((e) => e.id).sort()).toEqual([...highlight.transitions].sort());
    for (const l of lit) expect(l).toContain('penwidth=2.5');
    expect(toDot(model)).not.toContain('highlighted');
  });

  it('Mermaid classes the highlighted states and stars the highlighted transitions', () => {
    const mermaid = toMermaid(model, { highlight });
    expect(mermaid).toContain('classDef highlighted ');
    expect(mermaid).toContain('class gate,wizard__intro,wizard__setup__email highlighted\n');
    expect(mermaid).toContain('wizard__intro --> wizard__setup : ★ NEXT\n');
    expect(mermaid.match(/★/g)).toHaveLength(3);
  });
});

describe('regsim diagram', () => {
  const usage = (f: () => unknown): string => {
    try { f(); } catch (e) { expect(e).toBeInstanceOf(UsageError); return (e as Error).message; }
    throw new Error('expected a UsageError');
  };
  const opts = { format: undefined, out: undefined, highlight: undefined };

  it('rejects an unknown machine with a did-you-mean and the valid names', () => {
    const message = usage(() => diagramCommand('intrupt', opts));
    expect(message).toContain('did you mean "interrupt"?');
    for (const flow of [...Object.keys(MACHINES), 'all']) expect(message).toContain(flow);
    expect(usage(() => diagramCommand(undefined, opts))).toContain('interrupt');
  });

  it('rejects an unknown format, an unknown --highlight id, and all --format svg without --out', () => {
    expect(usage(() => diagramCommand('passkey', { ...opts, format: 'png' }))).toContain('mermaid, dot, svg or md');
    expect(usage(() => diagramCommand('passkey', { ...opts, highlight: 'ceremony.intr' }))).toContain('did you mean "ceremony.intro"?');
    expect(usage(() => diagramCommand('all', { ...opts, highlight: 'gate,nowhere' }))).toContain('"nowhere"');
    expect(usage(() => diagramCommand('all', { ...opts, format: 'svg' }))).toContain('--out');
  });

  it('all --out DIR writes one file per machine, identical to a single-machine run', () => {
    const dir = join(TMP, 'all');
    for (const format of ['mermaid', 'dot', 'svg', 'md']) {
      expect(diagramCommand('all', { format, out: dir, highlight: 'gate' })).toBe(0);
    }
    const names = readdirSync(dir).sort();
    expect(names).toEqual(Object.keys(MACHINES).flatMap((f) => ['dot', 'md', 'mmd', 'svg'].map((x) => `${f}.${x}`)).sort());
    const one = join(TMP, 'one');
    diagramCommand('passkey', { format: 'dot', out: one, highlight: undefined });
    expect(readFileSync(join(one, 'passkey.dot'), 'utf8')).toBe(toDot(machineModel(MACHINES.passkey.machine), { title: MACHINES.passkey.title }));
  });
});

describe('docs/', () => {
  it('is exactly what `npm run docs` writes now (run it after changing a machine or a rule)', () => {
    const dir = join(TMP, 'docs');
    const written = writeDocs(dir).map((p) => p.slice(dir.length + 1)).sort();
    expect(readdirSync('docs').sort(), 'files in docs/').toEqual(written);
    const stale = written.filter((name) => readFileSync(join('docs', name), 'utf8') !== readFileSync(join(dir, name), 'utf8'));
    expect(stale, 'stale files in docs/: run `npm run docs`').toEqual([]);
  });

  it('the index links every machine\'s page and drawing', () => {
    const index = docsFiles().find((f) => f.name === 'README.md')!.content;
    for (const flow of Object.keys(MACHINES)) {
      expect(index).toContain(`[${flow}](${flow}.md)`);
      expect(index).toContain(`[SVG](${flow}.svg)`);
    }
  });

  it('every rule a page cites has its catalogue summary on that page', () => {
    for (const { name, content } of docsFiles().filter((f) => f.name.endsWith('.md') && f.name !== 'README.md')) {
      const cited = new Set([...content.matchAll(/\[([A-Z0-9]+-\d{2})\]\(#/g)].map((m) => m[1] as RuleId));
      for (const id of cited) expect(content, `${name} ${id}`).toContain(`${id} | `);
      for (const id of cited) expect(content, `${name} ${id}`).toContain(RULES[id].summary.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });
});
