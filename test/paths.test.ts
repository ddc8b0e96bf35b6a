/**
 * The path layer on graphs whose answers are known by hand, then through the
 * command line (in-process, and once as the real process): each criterion,
 * seeded walks, shards, every output format, and byte-identical output for
 * the same input.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RegsimEvent } from '../machines/events.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { parseShard } from '../src/cli/shard.ts';
import { generatePaths, planScenario } from '../src/paths/generate.ts';
import {
  countSimplePaths, RANDOM_GOALS, randomWalks, reachableTransitions, seededRandom, shortestPaths, simplePaths, statesCover, transitionsCover,
} from '../src/paths/cover.ts';
import type { GraphEdge, StateGraph } from '../src/paths/graph.ts';
import { regsimIn } from './regsimInProcess.ts';
import { regsim } from './regsimProcess.ts';

const TMP = mkdtempSync(join(tmpdir(), 'regsim-paths-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/**
 * A diamond with a loop:   0 ─a→ 1 ─c→ 3 (final)
 *                          0 ─b→ 2 ─d→ 3,  2 ─e→ 0,  1 ─f→ 4 (final)
 */
function diamond(): StateGraph {
  const spec: Array<[number, number, string]> = [[0, 1, 'a'], [0, 2, 'b'], [1, 3, 'c'], [2, 3, 'd'], [2, 0, 'e'], [1, 4, 'f']];
  const nodes = [0, 1, 2, 3, 4].map((i) => ({
    index: i, key: `n${i}`, state: `s${i}`, final: i >= 3, snapshot: {} as never, rules: [],
  }));
  const edges: GraphEdge[] = spec.map(([from, to, t], index) => ({
    index, from, to, event: { type: t.toUpperCase() } as unknown as RegsimEvent, label: t, transitions: [`m.s${from}:${t}`], audit: [],
  }));
  return { machine: {} as never, nodes, edges, out: nodes.map((n) => edges.filter((e) => e.from === n.index)), initialTransitions: [] };
}

const labels = (g: StateGraph, p: readonly number[]) => p.map((i) => g.edges[i]!.label).join('');

describe('criteria on a known graph', () => {
  const g = diamond();

  it('shortest paths reach every node in the fewest steps', () => {
    expect(shortestPaths(g).map((p) => (p ? labels(g, p) : null))).toEqual(['', 'a', 'b', 'ac', 'af']);
  });

  it('states: one path per node, without paths another extends', () => {
    expect([...statesCover(g)].map((p) => labels(g, p)).sort()).toEqual(['ac', 'af', 'b']);
  });

  it('simple: every path to a final state that repeats no node', () => {
    // b then e returns to the start, already on the path: not simple.
    expect([...simplePaths(g)].map((p) => labels(g, p)).sort()).toEqual(['ac', 'af', 'bd']);
    expect(countSimplePaths(g)).toEqual({ count: 3, capped: false });
    expect(countSimplePaths(g, 2)).toEqual({ count: 2, capped: true });
  });

  it('transitions: together the paths take every transition, and each ends in a final state', () => {
    const paths = [...transitionsCover(g)];
    const taken = new Set(paths.flatMap((p) => p.flatMap((i) => g.edges[i]!.transitions)));
    expect(taken).toEqual(reachableTransitions(g));
    for (const p of paths) expect(g.nodes[g.edges[p[p.length - 1]!]!.to]!.final).toBe(true);
  });

  it('transitions: a cap on steps still takes one new transition per path, so it ends', () => {
    const paths = [...transitionsCover(g, 1)];
    expect(new Set(paths.flatMap((p) => p.flatMap((i) => g.edges[i]!.transitions)))).toEqual(reachableTransitions(g));
  });

  it('random: the same seed walks the same paths; another seed walks others', () => {
    const walk = (seed: number) => [...randomWalks(g, new Map(), { seed, until: 'transitions' })].map((p) => labels(g, p));
    expect(walk(7)).toEqual(walk(7));
    const seeds = [1, 2, 3, 4, 5].map(walk).map((w) => w.join('|'));
    expect(new Set(seeds).size).toBeGreaterThan(1);
    expect(seededRandom(42)()).toBe(seededRandom(42)());
  });

  it('random: every walk listed covers something no earlier walk did, and together they cover the target', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const walks = [...randomWalks(g, new Map(), { seed, until: 'transitions' })];
      const seen = new Set<string>(g.initialTransitions);
      for (const w of walks) {
        const fresh = w.flatMap((i) => g.edges[i]!.transitions).filter((t) => !seen.has(t));
        expect(fresh.length, `seed ${seed}: ${labels(g, w)}`).toBeGreaterThan(0);
        fresh.forEach((t) => seen.add(t));
      }
      expect(seen).toEqual(reachableTransitions(g));
    }
  });
});

describe('random walks of a flow that ends where it starts', () => {
  it('list its one walk of 0 steps, as the transitions criterion does, whatever the goal: the start and its eventless transitions count', () => {
    const single: StateGraph = {
      machine: {} as never, nodes: [{ index: 0, key: 'n0', state: 's0', final: true, snapshot: {} as never, rules: ['GATE-03'] }],
      edges: [], out: [[]], initialTransitions: ['m.gate:always'],
    };
    const rules = new Map([['m.gate:always', ['GATE-01' as const]]]);
    expect([...transitionsCover(single)]).toEqual([[]]);
    for (const until of RANDOM_GOALS) expect([...randomWalks(single, rules, { seed: 1, until })], until).toEqual([[]]);
  });
});

describe('--shard', () => {
  it('reads i/n and rejects what is not a shard', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(parseShard(undefined)).toBeNull();
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard takes i\/n/);
  });
});

const FILE = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';

describe('regsim paths', () => {
  it('gives byte-identical JSON twice, from the real process and in-process, with the documented shape', async () => {
    const [a, b] = await Promise.all([regsim('paths', FILE, '--format', 'json'), regsimIn('paths', FILE, '--format', 'json')]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    const s = j.scenarios[0];
    expect(s.file).toBe(FILE);
    expect(s.paths.length).toBeGreaterThan(0);
    expect(Object.keys(s.paths[0]).sort()).toEqual(['complete', 'description', 'final', 'id', 'rules', 'steps']);
    expect(s.coverage.transitions.covered).toBe(s.coverage.reachable.transitions);
    expect(j.machines[0].machine).toBe('interrupt');
  }, 60_000);

  it('random walks with the same seed print the same paths', async () => {
    const [a, b, c] = await Promise.all([
      regsimIn('paths', FILE, '--cover', 'random', '--seed', '3', '--format', 'jsonl'),
      regsimIn('paths', FILE, '--cover', 'random', '--seed', '3', '--format', 'jsonl'),
      regsimIn('paths', FILE, '--cover', 'random', '--seed', '4', '--format', 'jsonl'),
    ]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  }, 60_000);

  it('shards split the paths: disjoint, and together all of them', async () => {
    const ids = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'path').map((l) => `${l.scenario}/${l.id}`);
    const [all, one, two] = await Promise.all([
      regsimIn('paths', FILE, '--format', 'jsonl'),
      regsimIn('paths', FILE, '--format', 'jsonl', '--shard', '1/2'),
      regsimIn('paths', FILE, '--format', 'jsonl', '--shard', '2/2'),
    ]);
    const [a, b] = [ids(one.stdout), ids(two.stdout)];
    expect(a.filter((x) => b.includes(x))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(ids(all.stdout).sort());
  }, 60_000);

  it('writes a QA checklist, Gherkin features and CSV with --out, and says what it wrote on stdout, the coverage on stderr', async () => {
    const dir = mkdtempSync(join(TMP, 'out-'));
    const runs = await Promise.all(['md', 'gherkin', 'csv'].map((f) => regsimIn('paths', FILE, '--format', f, '--out', join(dir, f))));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^wrote 1 file to /);
      // One summary line, no per-transition detail without --coverage.
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^\d+ paths for 1 scenario: they cover (\d+) of \1 transitions/);
    }
    const md = readFileSync(join(dir, 'md', readdirSync(join(dir, 'md'))[0]!), 'utf8');
    expect(md).toMatch(/## Set up the tenant/);
    expect(md).toMatch(/^1\. \[ \] In a modern browser/m);
    expect(md).toMatch(/Audit log, a new row: Activity `User registered all required security info` · Status `Success`/);
    const feature = readFileSync(join(dir, 'gherkin', readdirSync(join(dir, 'gherkin'))[0]!), 'utf8');
    expect(feature).toMatch(/^Feature: /m);
    expect(feature).toMatch(/^ {2}Scenario: W001, /m);
    expect(feature).toMatch(/^ {4}When the user selects Next$/m);
    const csv = readFileSync(join(dir, 'csv', 'paths.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('scenario,file,path,step,by_itself,kind,do,how_to_provoke,expect,expect_title,expect_text,screen,state,audit,first_covers');
    expect(csv.length).toBeGreaterThan(10);
  }, 60_000);

  it('--out with a file name writes that file; gherkin refuses one file for several scenario variants', async () => {
    const dir = mkdtempSync(join(TMP, 'out-'));
    const file = join(dir, 'qa', 'x.md');
    const [md, many] = await Promise.all([
      // Cut short by --limit: the note is in the file, and --quiet keeps it off stderr.
      regsimIn('paths', FILE, '--format', 'md', '--out', file, '--quiet', '--limit', '3'),
      regsimIn('paths', 'scenarios/ref01-not-due-no-security-info-gate.yaml', '--format', 'gherkin', '--out', join(dir, 'x.feature')),
    ]);
    expect(md.code).toBe(0);
    // --quiet: nothing but the output.
    expect(md.stdout).toBe('');
    expect(md.stderr).toBe('');
    expect(statSync(file).isFile()).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^# INT-06 walk/);
    expect(readFileSync(file, 'utf8')).toContain('raise --limit to list more');
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/names a file, but gherkin writes one file per scenario variant and there are 6: give a directory/);
    expect(existsSync(join(dir, 'x.feature'))).toBe(false);
  }, 60_000);

  it('--coverage adds each machine\'s coverage, and a state passed through is never called unreached', async () => {
    const r = await regsimIn('paths', 'scenarios/caveat3-windows-app-windows-error.yaml', '--format', 'json', '--coverage');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Coverage by machine/);
    // interrupt.gate routes every sign-in (it is the machine's initial state): it is reached.
    expect(r.stderr).toMatch(/interrupt\.gate:always:\d+: interrupt\.gate is reached, but no scenario of this run makes this route possible there/);
    expect(r.stderr).not.toMatch(/no scenario of this run reaches interrupt\.gate\b/);
  }, 60_000);

  it('gives each matrix variant its own checklist and feature file, even when the names share their first 120 characters', async () => {
    const dir = mkdtempSync(join(TMP, 'out-'));
    const matrix = 'scenarios/ref01-not-due-no-security-info-gate.yaml';
    const [md, gherkin] = await Promise.all(['md', 'gherkin'].map((f) => regsimIn('paths', matrix, FILE, '--format', f, '--out', join(dir, f))));
    const variants = ['adallegacywebview', 'browser', 'ie11'].flatMap((app) => ['trusted', 'untrusted'].map((loc) => `ref01-not-due-no-security-info-gate--client-app-${app}-location-${loc}`));
    const stems = [...variants, 'walk-interrupt-int06-swap-to-email'].sort();
    expect(readdirSync(join(dir, 'md')).sort()).toEqual(stems.map((s) => `${s}.md`));
    expect(readdirSync(join(dir, 'gherkin')).sort()).toEqual(stems.map((s) => `${s}.feature`));
    for (const r of [md!, gherkin!]) expect(r.stdout).toContain(`wrote 7 files to ${dir}`);
    // The variant's own values reach its file.
    expect(readFileSync(join(dir, 'md', `${variants[0]}.md`), 'utf8')).toContain('with an app that still signs in through ADAL with a legacy web view on Windows, from a trusted location');
  }, 60_000);

  it('never lets a file of the same name from another directory overwrite a checklist', async () => {
    const dir = mkdtempSync(join(TMP, 'out-'));
    mkdirSync(join(dir, 'copy'));
    copyFileSync(FILE, join(dir, 'copy', basename(FILE)));
    const r = await regsimIn('paths', FILE, join(dir, 'copy', basename(FILE)), '--format', 'md', '--out', join(dir, 'md'));
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'md')).sort()).toEqual(['walk-interrupt-int06-swap-to-email-2.md', 'walk-interrupt-int06-swap-to-email.md']);
  }, 60_000);

  it('--limit stops listing and says how many paths exist', async () => {
    const r = await regsimIn('paths', FILE, '--cover', 'simple', '--limit', '2', '--format', 'json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.paths).toHaveLength(2);
    // The scenario's own walk is listed first and counted beside the criterion's paths.
    const n = JSON.parse((await regsimIn('paths', FILE, '--count')).stdout).scenarios[0].paths.simple as number;
    expect(s.note).toBe(`Listed 2 of ${(n + 1).toLocaleString('en')} paths, the scenario's walk and ${n.toLocaleString('en')} simple paths: raise --limit to list more (or use --format jsonl for huge runs).`);
  }, 60_000);

  it('--count counts without listing', async () => {
    // Not a terminal, no --format: JSON, as for listing.
    const r = await regsimIn('paths', FILE, '--count');
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.paths.transitions).toBeGreaterThan(0);
    expect(s.graph.states).toBeGreaterThan(s.paths.states - 1);
  }, 60_000);
});

describe('rules credited where they bite (src/domain/ruleScope.ts)', () => {
  const rulesOf = (file: string) => {
    const plans = loadAll([file]).scenarios.map((x) => planScenario(x.scenario));
    return new Set(plans.flatMap((plan) => [...generatePaths(plan, { criterion: 'transitions' })].flatMap((p) => p.rules)));
  };

  it('no path credits a rule the scenario gives nothing to: a gate no policy blocks, a strength no policy grants, passkeys not enabled', () => {
    // No Conditional Access on registering, no strength, no admin, no change on its way, no passkey.
    const plain = rulesOf('scenarios/mng02-alternate-phone-needs-voice-calls.yaml');
    for (const r of ['GATE-02', 'STR-01', 'STR-02', 'STR-03', 'SSPR-05', 'GATE-05', 'GATE-04', 'PK-01']) expect(plain.has(r as never), r).toBe(false);
    expect(plain.has('GATE-01')).toBe(true);
  });

  it('credits a guest\'s paths with the MFA-trust rules of their side only: trust on (B2B-01..04) or off (B2B-05)', () => {
    const off = rulesOf('scenarios/cover-b2b-resource-complete-mfa.yaml');
    expect(off.has('B2B-05')).toBe(true);
    for (const r of ['B2B-01', 'B2B-02', 'B2B-03', 'B2B-04']) expect(off.has(r as never), r).toBe(false);
    const on = rulesOf('scenarios/b2b-legacy-mfa-trust-greenfield-home-wizard.yaml');
    for (const r of ['B2B-01', 'B2B-02', 'B2B-03']) expect(on.has(r as never), r).toBe(true);
    expect(on.has('B2B-05')).toBe(false);
  });

  it('and still credits each where the scenario has it', () => {
    expect(rulesOf('scenarios/cover-b2b-resource-register-security-info-blocked.yaml').has('GATE-02')).toBe(true);
    expect(rulesOf('scenarios/caveat1-c-ca-strength-multifactor-sspr2.yaml').has('STR-03')).toBe(true);
    expect(rulesOf('scenarios/sspr05-admin-vs-member.yaml').has('SSPR-05')).toBe(true);
    expect(rulesOf('scenarios/walk-manage-policy-propagation.yaml').has('GATE-04')).toBe(true);
  });
});
