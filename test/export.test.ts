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
import { RULES, RULE_IDS, type RuleId } from '../src/domain/rules.ts';
import { describeTransition, stateNodesOf, stateRules, transitionsOf } from '../src/paths/transitions.ts';
import { diagramCommand } from '../src/cli/diagram.ts';
import { UsageError } from '../src/cli/output.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { FONT, PALETTES, THEMES, toDot, type DotOptions } from '../src/export/dot.ts';
import { KEY_MARKS, KEY_TITLE, KEY_WORDS, type KeyMark } from '../machines/catalogue/diagram.ts';
import { machinePage, prose } from '../src/export/markdown.ts';
import { mermaidId, toMermaid } from '../src/export/mermaid.ts';
import { isWithin, machineModel, parseHighlightList, resolveHighlight } from '../src/export/model.ts';
import { pathHighlight } from '../src/export/pathHighlight.ts';
import { PNG_SCALE, rasterReady, renderPng } from '../src/export/png.ts';
import { ruleTraces } from '../src/export/rulesPage.ts';
import { renderSvg, renderSvgWithWarnings } from '../src/export/svg.ts';
import { focusable, machineView } from '../src/export/view.ts';
import { docsFiles } from '../src/export/writeDocs.ts';
import { generatePaths, planScenario } from '../src/paths/generate.ts';
import type { Flow } from '../src/scenario/schema.ts';

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

/** A DOT edge's tooltip lines: the transition ids it draws come first. */
const tooltipIds = (attrs: string): string[] => (/tooltip="([^"]*)"/.exec(attrs)?.[1] ?? '').split('\\n').filter((l) => /:[A-Za-z_]+(:\d+)?(#\d+)?$/.test(l) && !l.includes(' '));

/**
 * Edges as drawn from a state to a state: an edge into a junction goes on
 * to the junction's target and takes the junction's label.
 */
function resolvedEdges(dot: string): { from: string; to: string; label: string; ids: string[]; attrs: string }[] {
  const edges = dotEdges(dot);
  const junction = new Map(edges.filter((e) => e.from.startsWith('junction:')).map((e) => [e.from, e]));
  return edges.filter((e) => e.id !== undefined && !e.from.startsWith('junction:')).map((e) => {
    const on = junction.get(e.to);
    const label = /label="([^"]*)"/.exec((on ?? e).attrs)?.[1] ?? '';
    return { from: e.from, to: on ? on.to : e.to, label, ids: tooltipIds(e.attrs), attrs: e.attrs };
  });
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
    // One arc may carry several transitions' labels, `/` on a line of its own between them.
    if (edge) {
      for (const label of (edge[3] ?? '').split('<br/>/<br/>')) edges.push({ block: stack.at(-1)!, from: edge[1]!, to: edge[2]!, label: label.replace(/<br\/>/g, ' ') });
      continue;
    }
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
  const idsDot = toDot(model, { title: entry.title, labels: 'ids' });
  const idsMermaid = toMermaid(model, { title: entry.title, labels: 'ids' });

  it('DOT draws every state: atomic and final ones as nodes, compound ones as clusters', () => {
    for (const s of want.states) {
      if (s.compound) expect(dot, s.path).toContain(`subgraph "cluster_${s.path}" {`);
      else expect(idsDot, s.path).toMatch(new RegExp(`^\\s*"${s.path.replace(/\./g, '\\.')}" \\[label="${s.key}"`, 'm'));
    }
  });

  it('DOT draws every transition once per target, from its source to its target (through a junction where edges meet), labelled EVENT [guard] with --labels ids', () => {
    const edges = resolvedEdges(idsDot);
    const endpoint = (path: string) => (want.states.find((s) => s.path === path)?.compound ? `${path}.__initial` : path);
    for (const t of want.transitions) {
      const drawn = edges.filter((e) => e.ids.includes(t.id));
      // A transition to several targets is one edge per target; merged edges carry every id they draw.
      expect(drawn.map((e) => [e.from, e.to]).sort(), t.id).toEqual((t.targets.length ? t.targets : [t.source]).map((to) => [endpoint(t.source), endpoint(to)]).sort());
      for (const e of drawn) expect(e.label, t.id).toMatch(new RegExp(`^${t.event}( \\[[^\\]]+\\])?( x\\d+)?$`));
      if (t.event === 'always') for (const e of drawn) expect(e.attrs, t.id).toContain('style="dashed"');
    }
    // Every edge says how many transitions it draws.
    for (const e of edges) {
      const n = /x(\d+)$/.exec(e.label)?.[1];
      if (!e.attrs.includes('arrowhead="none"')) expect(Number(n ?? 1), e.label).toBe(e.ids.length);
    }
  });

  it('the default labels drop guards (the transitions table gives them), and an eventless edge says its guard in words, or otherwise', () => {
    for (const e of resolvedEdges(dot)) expect(e.label, e.ids[0]).not.toMatch(/\[/);
    // Read from the machine's own eventless transitions: guarded ones say "when <the guard in words>",
    // the unguarded fallback of guarded siblings "otherwise", a lone unguarded one "always".
    let seen = 0;
    for (const node of stateNodesOf(entry.machine)) {
      const always = (node.always ?? []) as unknown as Array<{ guard?: unknown }>;
      for (const t of always) {
        const id = describeTransition(t as never).id;
        const e = resolvedEdges(dot).find((x) => x.ids.includes(id));
        if (!e) continue;
        seen++;
        const name = typeof t.guard === 'string' ? t.guard : (t.guard as { type?: string } | undefined)?.type;
        const expected = t.guard !== undefined ? /^when \S.*( x\d+)?$/ : always.some((x) => x.guard !== undefined) ? /^otherwise( x\d+)?$/ : /^always( x\d+)?$/;
        expect(e.label, id).toMatch(expected);
        if (name) expect(e.label, id).not.toContain(name);
      }
    }
    expect(seen).toBe(want.transitions.filter((t) => t.event === 'always').length);
  });

  it('DOT marks exactly the final states with a double border', () => {
    const doubled = [...dot.matchAll(/^\s*"([^"]+)" \[[^\n]*peripheries=2/gm)].map((m) => m[1]);
    expect(doubled).toEqual(want.finals);
  });

  it('Mermaid declares every state inside its own parent and draws every transition', () => {
    const { edges, declared } = mermaidLines(idsMermaid);
    for (const s of want.states) {
      const parent = s.path.includes('.') ? mermaidId(s.path.slice(0, s.path.lastIndexOf('.'))) : '';
      expect(declared.get(mermaidId(s.path)), s.path).toBe(parent);
    }
    const transitionEdges = edges.filter((e) => e.from !== '[*]' && e.to !== '[*]');
    // Parallel edges with one label are one edge with a count: the counts add up to every transition's targets.
    const drawn = transitionEdges.reduce((n, e) => n + Number(/ x(\d+)(?: →|$)/.exec(e.label)?.[1] ?? 1), 0);
    expect(drawn).toBe(want.transitions.reduce((n, t) => n + Math.max(1, t.targets.length), 0));
    for (const t of want.transitions) {
      const label = new RegExp(`^${t.event}( \\[[^\\]]+\\])?( x\\d+)?( → \\S+)?$`);
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
    const { edges } = mermaidLines(toMermaid(model, { labels: 'ids' }));
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

describe('the key under an exported drawing\'s title', () => {
  /** The marks a DOT body draws, read off the DOT itself (the key's own line left out). */
  function drawnMarks(dot: string): Record<KeyMark, boolean> {
    const body = dot.split('\n').filter((l) => !/^ {2}graph \[/.test(l)).join('\n');
    const edges = body.split('\n').filter((l) => l.includes(' -> '));
    return {
      initial: body.includes('class="initial'),
      final: body.includes('peripheries=2'),
      collapsed: / states inside<\/FONT>/.test(body),
      external: /class="[^"]*\bexternal\b/.test(body),
      history: /class="state history/.test(body),
      eventless: edges.some((l) => l.includes('style="dashed"')),
      targetless: edges.some((l) => l.includes('style="dotted"')),
      junction: body.includes('class="junction"'),
      count: edges.some((l) => / x\d+(\\n|")/.test(l)),
      highlighted: body.includes('highlighted'),
    };
  }
  const keyLine = (dot: string) => dot.split('\n').find((l) => /^ {2}graph \[/.test(l))!;
  const cases = ENTRIES.flatMap((e) => {
    const model = machineModel(e.machine);
    const views: Array<[string, DotOptions]> = [['full', {}], ['depth 1', { depth: 1 }], ['depth 2', { depth: 2 }],
      ...focusable(model).slice(0, 2).map((f): [string, DotOptions] => [`focus ${f}`, { focus: f }])];
    return views.map(([name, o]) => ({ name: `${e.machine.id}, ${name}`, model, o }));
  });

  it.each(cases)('$name: explains exactly the marks the drawing uses, in the catalogue\'s words', ({ model, o }) => {
    const dot = toDot(model, { ...o, key: true });
    const drawn = drawnMarks(dot);
    const key = keyLine(dot);
    for (const m of KEY_MARKS) expect(key.includes(KEY_WORDS[m]), `${m}: drawn ${drawn[m]}`).toBe(drawn[m]);
    expect(key).toContain(`${KEY_TITLE}:`);
    expect(toDot(model, o)).not.toContain(KEY_TITLE);
  });

  it('names the highlight only when something is highlighted, and renders as SVG without a Graphviz warning', () => {
    const model = machineModel(MACHINES.interrupt.machine);
    const { highlight } = resolveHighlight(model, ['gate', 'wizard.intro']);
    expect(keyLine(toDot(model, { key: true, highlight }))).toContain(KEY_WORDS.highlighted);
    expect(keyLine(toDot(model, { key: true }))).not.toContain(KEY_WORDS.highlighted);
    for (const theme of THEMES) expect(renderSvgWithWarnings(toDot(model, { key: true, highlight, theme, depth: 2 })).warnings).toEqual([]);
  });

  it('regsim diagram and the docs pages\' drawings carry it', () => {
    const dir = join(TMP, 'keyed');
    expect(diagramCommand('passkey', { format: 'dot', out: dir, highlight: undefined })).toBe(0);
    expect(readFileSync(join(dir, 'passkey.dot'), 'utf8')).toContain(`${KEY_TITLE}:`);
    // The checked-in docs/, which the docs/ tests below hold equal to what `npm run docs` writes.
    const svgs = readdirSync('docs').filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBe(2 * ENTRIES.length);
    for (const f of svgs) expect(readFileSync(join('docs', f), 'utf8'), f).toContain(`>${KEY_TITLE}:</text>`);
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
    const dot = toDot(model, { highlight, labels: 'ids' });
    const lit = dot.split('\n').filter((l) => l.includes('highlighted'));
    expect(lit.filter((l) => /^\s*"[^"]+" \[/.test(l) && !l.includes('->') && !l.includes('initial')).map((l) => /"([^"]+)"/.exec(l)![1])).toEqual(['gate', 'wizard.intro']);
    // A cluster is outlined when the highlight passes through it: it is, or holds, a highlighted state.
    const clusters = model.states.filter((s) => s.kind === 'compound').map((s) => s.path);
    const litClusters = [...dot.matchAll(/subgraph "cluster_([^"]+)" \{\n\s*graph \[([^\n]*)\]/g)].filter((m) => m[2]!.includes('highlighted')).map((m) => m[1]);
    expect(litClusters).toEqual(clusters.filter((c) => [...highlight.states].some((h) => isWithin(h, c))));
    expect(litClusters).toEqual(expect.arrayContaining(['wizard', 'wizard.setup', 'wizard.setup.email']));
    const litEdges = resolvedEdges(toDot(model, { highlight, labels: 'ids' })).filter((e) => e.attrs.includes('highlighted'));
    expect(litEdges.flatMap((e) => e.ids).filter((id) => highlight.transitions.has(id)).sort()).toEqual([...highlight.transitions].sort());
    for (const e of litEdges) expect(e.ids.some((id) => highlight.transitions.has(id)), e.ids.join()).toBe(true);
    for (const l of lit.filter((l) => !l.includes('shape="point"'))) expect(l).toContain('penwidth=2.5');
    expect(toDot(model)).not.toContain('highlighted');
  });

  it('DOT lights an initial arrow where the highlight enters a composite: at the top, and where a lit transition targets it', () => {
    const litInitials = (dot: string) => dotEdges(dot).filter((e) => e.attrs.includes('class="initial highlighted"')).map((e) => e.from).sort();
    // gate is where every path starts; gate → wizard (lit) enters the wizard at wizard.intro (lit);
    // wizard.intro → wizard.setup is lit, but wizard.setup's initial state is not highlighted, so its arrow stays dark.
    expect(litInitials(toDot(model, { highlight }))).toEqual(['__initial', 'wizard.__initial']);
    expect(model.states.find((s) => s.path === 'wizard.setup')!.initial).not.toBe('wizard.setup.email');
    // Without the way in, the composite's arrow stays dark even though its initial state is lit.
    expect(litInitials(toDot(model, { highlight: resolveHighlight(model, ['wizard.intro']).highlight }))).toEqual([]);
    expect(litInitials(toDot(model))).toEqual([]);
  });

  it('a path highlight of the scenario walk lights every initial arrow the walk goes through', () => {
    const file = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
    const { highlight: walk } = pathHighlight(file, ['W001']);
    const dot = toDot(model, { highlight: walk });
    const litInitial = new Set(dotEdges(dot).filter((e) => e.attrs.includes('class="initial highlighted"')).map((e) => e.from));
    expect(litInitial.has('__initial')).toBe(true);
    expect(litInitial.has('wizard.__initial')).toBe(true);
    // Each lit arrow's own target is lit: no arrow is lit into a state the walk never shows.
    for (const e of dotEdges(dot).filter((x) => litInitial.has(x.from) && x.attrs.includes('class="initial'))) {
      const target = e.to.replace(/\.__initial$/, '');
      expect([...walk.states].some((h) => isWithin(h, target)), e.to).toBe(true);
    }
  });

  it('Mermaid classes the highlighted states and stars the highlighted transitions', () => {
    const mermaid = toMermaid(model, { highlight, labels: 'ids' });
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
    expect(usage(() => diagramCommand('passkey', { ...opts, format: 'jpeg' }))).toContain('mermaid, dot, svg, png or md');
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
    expect(readFileSync(join(one, 'passkey.dot'), 'utf8')).toBe(toDot(machineModel(MACHINES.passkey.machine), { title: MACHINES.passkey.title, key: true }));
  });
});

describe('docs/', () => {
  // The docs explore every shipped scenario for rules.md: generated once for these checks.
  let files: ReturnType<typeof docsFiles> | undefined;
  const docs = () => (files ??= docsFiles());
  const text = (name: string): string => String(docs().find((f) => f.name === name)!.content);

  it('is exactly what `npm run docs` writes now (run it after changing a machine or a rule)', () => {
    const names = docs().map((f) => f.name).sort();
    expect(readdirSync('docs').sort(), 'files in docs/').toEqual(names);
    const stale = docs().filter((f) => !readFileSync(join('docs', f.name)).equals(Buffer.from(f.content))).map((f) => f.name);
    expect(stale, 'stale files in docs/: run `npm run docs`').toEqual([]);
  }, 120_000);

  it('the index links every machine\'s page, its drawings, and the rules page', () => {
    const index = text('README.md');
    expect(index).toContain('[rules.md](rules.md)');
    for (const flow of Object.keys(MACHINES)) {
      expect(index).toContain(`[${flow}](${flow}.md)`);
      expect(index).toContain(`[full SVG](${flow}.svg)`);
      expect(index).toContain(`[PNG](${flow}-overview.png)`);
    }
  });

  it('each machine page shows the overview (depth 1) first and the full chart after it', () => {
    for (const flow of Object.keys(MACHINES)) {
      const page = text(`${flow}.md`);
      const overview = page.indexOf('## Overview');
      const fullChart = page.indexOf('## Full chart');
      expect(overview, flow).toBeGreaterThan(0);
      expect(fullChart, flow).toBeGreaterThan(overview);
      const [first, second] = [...page.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
      const model = machineModel(MACHINES[flow as Flow].machine);
      expect(first).toBe(toMermaid(model, { depth: 1 }).replace(/^stateDiagram-v2/m, 'stateDiagram-v2'));
      const composite = machineView(model).states.find((x) => x.kind === 'compound');
      if (composite) expect(second).toContain(`state "${composite.label}" as ${mermaidId(composite.path)} {`);
      // The page's prose escapes Markdown: a rule family written GATE-* stays literal.
      for (const line of page.split('\n').filter((l) => !l.startsWith('|') && !l.startsWith('  ') && !/^```/.test(l))) {
        expect(line.replace(/`[^`]*`/g, ''), `${flow}: ${line}`).not.toMatch(/(^|[^\\])\*[^*\s]/);
      }
    }
  });

  it('the overview PNGs are PNGs of the overview SVGs beside them', () => {
    for (const flow of Object.keys(MACHINES)) {
      const png = docs().find((f) => f.name === `${flow}-overview.png`)!.content as Buffer;
      expect(png.subarray(1, 4).toString('latin1'), flow).toBe('PNG');
      expect(png.readUInt32BE(16), flow).toBeGreaterThan(500);
    }
  });

  it('every rule a page cites has its catalogue summary on that page', () => {
    for (const { name, content } of docs().filter((f) => f.name.endsWith('.md') && !['README.md', 'rules.md'].includes(f.name))) {
      const page = String(content);
      const cited = new Set([...page.matchAll(/\[([A-Z0-9]+-\d{2})\]\(#/g)].map((m) => m[1] as RuleId));
      for (const id of cited) expect(page, `${name} ${id}`).toContain(`${id} | `);
      for (const id of cited) expect(page, `${name} ${id}`).toContain(RULES[id].summary.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });

  it('rules.md lists every rule of the catalogue with its summary, at least one scenario and the first path reaching it; none uncovered', () => {
    const page = text('rules.md');
    const top = page.slice(page.indexOf('## Rules no path reaches'), page.indexOf('\n## ', page.indexOf('## Rules no path reaches') + 5));
    expect(top).toContain('None: every rule is reached');
    const sections = page.split(/^### /m).slice(1);
    expect(sections.map((x) => x.slice(0, x.indexOf('\n')))).toEqual([...RULE_IDS]);
    for (const section of sections) {
      const id = section.slice(0, section.indexOf('\n')) as RuleId;
      expect(section, id).toContain(prose(RULES[id].summary));
      const first = /- First path: `([^`]+)`(?: \((.*)\))?, path \*\*([A-Z]\d{3})\*\*/.exec(section);
      expect(first, `${id} has a first path`).not.toBeNull();
      expect(section, `${id} has a scenario written for it`).toMatch(/- Scenarios written for it: `scenarios\/[^`]+\.yaml`/);
    }
  });

  it('a rule\'s first path really reaches it: replayed, the path cites the rule', () => {
    const traces = ruleTraces(loadAll(['scenarios/']).scenarios.filter((x) => x.file.includes('int-06')));
    const int06 = traces.find((t) => t.id === 'INT-06')!;
    expect(int06.scenarios).toEqual(['scenarios/int-06-concept-worked-example.yaml']);
    const plan = planScenario(loadAll([int06.first!.file]).scenarios.find((x) => x.scenario.name === int06.first!.scenario)!.scenario);
    const path = [...generatePaths(plan, { criterion: 'rules' })].find((p) => p.id === int06.first!.path)!;
    expect(path.rules).toContain('INT-06');
  });
});

describe('views: --depth, --focus, --direction, --theme, png', () => {
  const model = machineModel(MACHINES.interrupt.machine);

  it('--depth 1 draws only the top-level states; a collapsed composite says how many states it holds', () => {
    const view = machineView(model, { depth: 1 });
    expect(view.states.map((x) => x.path)).toEqual(model.states.filter((x) => x.parent === '').map((x) => x.path));
    const wizard = view.states.find((x) => x.path === 'wizard')!;
    expect(wizard.hidden).toBe(model.states.filter((x) => x.path.startsWith('wizard.')).length);
    expect(toDot(model, { depth: 1 })).toContain(`${wizard.hidden} states inside`);
    expect(toMermaid(model, { depth: 1, labels: 'ids' })).toContain(`state "wizard (+${wizard.hidden})" as wizard`);
    // Every transition between top-level states is still drawn; those inside the wizard are not.
    const ids = new Set(view.edges.flatMap((e) => e.ids));
    for (const t of model.transitions) {
      const inside = t.source.startsWith('wizard.') && t.targets.every((x) => x.startsWith('wizard.'));
      expect(ids.has(t.id), t.id).toBe(!inside && !(t.source === 'wizard' && t.targets.every((x) => x.startsWith('wizard.'))));
    }
  });

  it('--focus draws one composite\'s inside and the states its transitions lead to, outside it', () => {
    const view = machineView(model, { focus: 'wizard.setup.email' });
    const inside = view.states.filter((x) => !x.external).map((x) => x.path);
    expect(inside).toEqual(model.states.filter((x) => x.path === 'wizard.setup.email' || x.path.startsWith('wizard.setup.email.')).map((x) => x.path));
    expect(view.states.filter((x) => x.external).map((x) => x.path)).toContain('wizard.methodDone');
    expect(() => machineView(model, { focus: 'gate' })).toThrow(/not a composite/);
  });

  it('--direction and --theme reach the DOT and the Mermaid', () => {
    expect(toDot(model, { direction: 'TB' })).toContain('rankdir="TB"');
    expect(toDot(model, { theme: 'dark' })).toContain(`bgcolor="${PALETTES.dark.bg}"`);
    expect(toMermaid(model, { direction: 'TB' })).toMatch(/^ {2}direction TB$/m);
    expect(toMermaid(model, { theme: 'dark' })).toMatch(/^config:\n {2}theme: dark$/m);
  });

  it('every DOT output (each machine, depth, focus, direction, theme and label mode) renders in Graphviz with no warnings and only ASCII text', () => {
    for (const [flow, entry] of Object.entries(MACHINES)) {
      const m = machineModel(entry.machine);
      const variants: DotOptions[] = [
        {}, { depth: 1 }, { depth: 2, direction: 'TB' }, { theme: 'dark', labels: 'ids' }, { depth: 1, theme: 'dark', rules: true },
        ...focusable(m).slice(0, 2).map((focus) => ({ focus })),
      ];
      for (const o of variants) {
        const dot = toDot(m, { title: entry.title, ...o });
        // Graphviz measures only ASCII; it warns once per process, so the text itself is checked too.
        expect(dot, `${flow} ${JSON.stringify(o)}`).toMatch(/^[\x00-\x7f]*$/);
        expect(renderSvgWithWarnings(dot).warnings, `${flow} ${JSON.stringify(o)}`).toEqual([]);
      }
    }
  });

  it('--format png renders the SVG with the bundled font: a PNG, the same bytes every time', () => {
    const svg = renderSvg(toDot(model, { depth: 1 }));
    const a = renderPng(svg);
    expect(a.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // Graphviz sizes the SVG in points; a PNG pixel is a CSS pixel (4/3 of a point) times the scale.
    const width = Number(/width="([\d.]+)pt"/.exec(svg)![1]);
    expect(a.readUInt32BE(16)).toBe(Math.round((width * 4) / 3 * PNG_SCALE));
    expect(renderPng(svg).equals(a)).toBe(true);
    expect(rasterReady('<text font-family="Times,serif" fill="var(--fg, #111)">')).toBe(`<text font-family="${FONT}" fill="#111">`);
  });

  it('regsim diagram interrupt --depth 1 --format png --out d/ writes it; --highlight takes a path id with --scenario', () => {
    const dir = join(TMP, 'png');
    expect(diagramCommand('interrupt', { format: 'png', out: dir, highlight: undefined, depth: '1' })).toBe(0);
    expect(readFileSync(join(dir, 'interrupt.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    const file = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
    const plan = planScenario(loadAll([file]).scenarios[0]!.scenario);
    const path = [...generatePaths(plan, { criterion: 'transitions' })][0]!;
    const { highlight } = pathHighlight(file, [path.id]);
    for (const i of path.edges) for (const t of plan.graph.edges[i]!.transitions) expect(highlight.transitions.has(t), t).toBe(true);
    for (const s of path.steps) expect(highlight.states.has(s.state), s.state).toBe(true);
    const out = join(TMP, 'lit');
    expect(diagramCommand('interrupt', { format: 'dot', out, highlight: path.id, scenario: file })).toBe(0);
    expect(readFileSync(join(out, 'interrupt.dot'), 'utf8')).toContain('highlighted');
    const usage = (o: Partial<Parameters<typeof diagramCommand>[1]>) => { try { diagramCommand('interrupt', { format: 'dot', out: undefined, highlight: undefined, ...o }); } catch (e) { return (e as Error).message; } return ''; };
    expect(usage({ highlight: 'T001' })).toContain('--scenario');
    expect(usage({ highlight: 'T999', scenario: file })).toContain('has no path T999');
    expect(usage({ highlight: 'T001', scenario: 'scenarios/walk-manage-add-phone-success.yaml' })).toContain('runs the manage machine');
    expect(usage({ depth: '0' })).toContain('--depth');
    expect(usage({ focus: 'wizard.setp' })).toContain('did you mean "wizard.setup"?');
    expect(usage({ theme: 'blue' })).toContain('light or dark');
  }, 60_000);
});
