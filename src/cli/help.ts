/**
 * What `regsim help`, `regsim <command> --help` and `regsim help <command>`
 * print: one entry per command with its arguments, flags and two examples,
 * and the overview that lists them all.
 */
import { CRITERIA, RANDOM_GOALS } from '../paths/cover.ts';
import { DEFAULT_LIMITS } from '../scenario/limits.ts';
import { FORMATS } from '../paths/formats.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_LIMIT } from './paths.ts';
import { DEFAULT_MAX_STATES } from '../paths/graph.ts';

export interface CommandHelp {
  name: string;
  args: string;
  summary: string;
  flags: ReadonlyArray<readonly [string, string]>;
  examples: readonly [string, string];
}

/** The loader's limits, taken by every command that reads scenario files. */
const LIMITS: ReadonlyArray<readonly [string, string]> = [
  ['--max-file-size SIZE', 'bytes in one scenario file (default 1MB; e.g. 5MB, 500kB)'],
  ['--max-nodes N', `YAML nodes in one file (default ${DEFAULT_LIMITS.maxNodes})`],
  ['--max-variants N', `variants one matrix may expand to (default ${DEFAULT_LIMITS.maxVariants})`],
];

export const COMMANDS: readonly CommandHelp[] = [
  {
    name: 'run', args: '<scenario|dir>...', summary: 'evaluate scenarios, walk their steps, check expect',
    flags: [
      ['--json', 'decision, trace, audit log and every check, per scenario'],
      ['--profile observed|documented|both', "override the scenarios' profile; both compares them"],
      ['--verbose', "each walk's trace and audit rows, and the table's cells whole"],
      ...LIMITS,
    ],
    examples: ['regsim run scenarios/', 'regsim run scenarios/caveat1-c-ca-strength-multifactor-sspr2.yaml --profile both'],
  },
  {
    name: 'paths', args: '<scenario|dir>...', summary: "every path through each scenario's flow: checklists, Gherkin, CSV, vitest tests",
    flags: [
      [`--cover ${CRITERIA.join('|')}`, 'the coverage criterion (default transitions); the scenario\'s own walk, W001, always comes first'],
      [`--seed N --until ${RANDOM_GOALS.join('|')}`, 'for --cover random'],
      [`--format ${FORMATS.join('|')}`, 'default: table on a terminal, else json'],
      ['--out PATH', 'a file (qa/x.md) or a directory (qa/): md, gherkin and vitest write one file per scenario variant there'],
      ['--coverage', "each machine's coverage and every uncovered transition, on stderr"],
      ['--quiet, -q', 'nothing on stderr but errors'],
      ['--count', 'count paths per criterion, list none'],
      [`--limit N`, `paths listed per scenario (default ${DEFAULT_LIMIT})`],
      ['--shard i/n', "this shard's share of scenarios × paths"],
      ['--max-states N', `cap on distinct states explored per scenario (default ${DEFAULT_MAX_STATES}); a Security info page past it is explored one part at a time`],
      ...LIMITS,
    ],
    examples: [
      'regsim paths scenarios/caveat3-windows-app-windows-error.yaml --format md --out qa/caveat3.md',
      'regsim paths scenarios/walk-interrupt-int06-swap-to-email.yaml --format vitest --out t/',
    ],
  },
  {
    name: 'story', args: '<scenario>', summary: 'one path as a storyboard: the screens in order, the action to each next one, the audit rows',
    flags: [
      ['--path ID', 'the path, as `regsim paths` lists it (default W001, the scenario\'s walk; else the first that ends well)'],
      ['--format md|html', 'default md'],
      ['--variant N', "a matrix scenario's variant, 1-based (default 1)"],
      ['--out FILE', 'write the storyboard there instead of stdout'],
      ...LIMITS,
    ],
    examples: [
      'regsim story scenarios/walk-interrupt-int06-swap-to-email.yaml',
      'regsim story scenarios/caveat3-windows-app-windows-error.yaml --path T004 --format html --out story.html',
    ],
  },
  {
    name: 'check', args: '<scenario|dir>...', summary: 'visit every reachable state and transition; check the DOMAIN invariants',
    flags: [
      ['--json', 'violations with the shortest event path to each'],
      ['--max-states N', `cap on distinct states explored per scenario (default ${DEFAULT_MAX_STATES}); a Security info page past it is explored one part at a time`],
      ['--shard i/n', "this shard's share of the scenario variants (put the shards together with merge)"],
      ...LIMITS,
    ],
    examples: ['regsim check scenarios/', 'regsim check scenarios/caveat3-windows-app-windows-error.yaml --json'],
  },
  {
    name: 'merge', args: '<shard.json>...', summary: "the shards' JSON (paths --format json or check --json, with --shard i/n) as one unsharded report",
    flags: [],
    examples: ['regsim merge check-1.json check-2.json > check.json', 'regsim merge paths-1.json paths-2.json paths-3.json > paths.json'],
  },
  {
    name: 'validate', args: '<scenario|dir>...', summary: 'schema, semantic and machine checks, each error as file:line:col',
    flags: [['--json', 'the diagnostics as JSON'], ...LIMITS],
    examples: ['regsim validate scenarios/', 'regsim validate scenarios/str04-strip-the-url.yaml --json'],
  },
  {
    name: 'import', args: '<export-dir|json...>', summary: 'Microsoft Graph exports (EntraExporter folders, Graph JSON) → a tenant file',
    flags: [
      ['--out FILE', 'write the tenant file there (default: stdout, report on stderr)'],
      ['--name NAME', "the tenant's name (default: the organization's, or the folder's)"],
      ['--json', 'the import report as JSON'],
    ],
    examples: ['regsim import test/fixtures/graph/contoso-entraexporter --out contoso.tenant.yaml', 'regsim import test/fixtures/graph/contoso-entraexporter --json'],
  },
  {
    name: 'whatif', args: '<tenant|export-dir>', summary: 'what every kind of user the policies tell apart gets, in every client',
    flags: [
      ['--format table|md|json|csv', 'default: table on a terminal, else json'],
      ['--max-populations N', 'cap on kinds of user (default 64)'],
      ['--home FILE', "the guests' home tenant (a tenant file or export)"],
      ['--profile observed|documented', 'what a tenant does today, or what the docs say'],
    ],
    examples: ['regsim whatif contoso.tenant.yaml', 'regsim whatif contoso.tenant.yaml --format md > whatif.md'],
  },
  {
    name: 'diff', args: '<before> <after>', summary: 'only what changes for whom between two tenants (files or export folders)',
    flags: [
      ['--format table|md|json', 'default: table on a terminal, else json'],
      ['--fail-on-change', 'exit 1 when anything changes (for CI)'],
      ['--max-populations N', 'cap on kinds of user (default 64)'],
      ['--home FILE', "the guests' home tenant"],
      ['--profile observed|documented', 'what a tenant does today, or what the docs say'],
    ],
    examples: [
      'regsim diff contoso.tenant.yaml contoso-after.tenant.yaml',
      'regsim diff contoso.tenant.yaml contoso-after.tenant.yaml --format json --fail-on-change',
    ],
  },
  {
    name: 'diagram', args: '<machine|all>', summary: 'draw a statechart (interrupt, manage, ssprRefresh, b2bMfaTrust, passkey)',
    flags: [
      ['--format mermaid|dot|svg|png|md', 'default mermaid, to stdout'],
      ['--out DIR', 'write <machine>.mmd|.dot|.svg|.png|.md (needed for all --format svg|png)'],
      ['--depth N', 'collapse composites below depth N into one node with a count (1: the top-level states)'],
      ['--focus STATE', "draw one composite's inside (wizard.setup)"],
      ['--direction LR|TB', 'left to right or top down'],
      ['--theme light|dark', 'colours set in the drawing itself'],
      ['--labels words|ids', "the catalogue's words (default) or event types with guards and state keys"],
      ['--highlight IDS', 'states (gate,wizard.intro,wizard.setup.email) and transition ids to draw bold, or a path id of `regsim paths` (T003, W001) with --scenario'],
      ['--scenario FILE', 'the scenario a path id in --highlight belongs to'],
      ['--variant N', "that scenario's matrix variant, 1-based (default 1)"],
      ['--seed N', 'the seed of a random walk id (X001), as given to `regsim paths --cover random`'],
    ],
    examples: [
      'regsim diagram interrupt --depth 1 --format png --out d/',
      'regsim diagram interrupt --scenario scenarios/walk-interrupt-int06-swap-to-email.yaml --highlight T002 --format svg --out out/',
    ],
  },
  {
    name: 'decode-url', args: '<url>', summary: 'what a register?authMethods=N strength wizard offers',
    flags: [['--json', 'the modes, their bits and the methods offered']],
    examples: [
      "regsim decode-url 'https://mysignins.microsoft.com/register?authMethods=1720&authMethodCount=1'",
      "regsim decode-url 'https://mysignins.microsoft.com/register?authMethods=16&authMethodCount=1' --json",
    ],
  },
  {
    name: 'inspect', args: '<scenario>', summary: 'a live local page, the statechart first: click transitions or buttons, travel back along the trace, play a generated path, switch scenario',
    flags: [
      ['--port N', 'port (default 0: any free port)'],
      ['--variant N', 'matrix variant, 1-based (default 1)'],
      ['--no-open', 'do not open a browser'],
      ['--stately', 'also show the actor in the Stately Inspector, at /stately (its UI loads from stately.ai)'],
      ...LIMITS,
    ],
    examples: [
      'regsim inspect scenarios/walk-interrupt-int06-swap-to-email.yaml',
      'regsim inspect scenarios/caveat3-private-window-error.yaml --variant 2 --port 8080 --no-open',
    ],
  },
  {
    name: 'help', args: '[command]', summary: "this overview, or one command's flags and examples",
    flags: [],
    examples: ['regsim help', 'regsim help paths'],
  },
];

/** Every flag whose value the help writes as N or SIZE (`--limit`, `--max-file-size`, …), as `--name`. */
export const numericOptions = (): Set<string> =>
  new Set(COMMANDS.flatMap((c) => c.flags.flatMap(([flag]) => [...flag.matchAll(/(--[a-z][a-z-]*) (?:N|SIZE)\b/g)].map((m) => m[1]!))));

/** The values a command's `--format` takes, as its help lists them (`--format table|md|json`). */
export const formatValues = (c: CommandHelp): string[] =>
  c.flags.flatMap(([flag]) => /^--format (\S+)/.exec(flag)?.[1]?.split('|') ?? []);

/** The long option names a command takes (`cover`, `seed`, `until`, …), from its help. */
export const optionNames = (c: CommandHelp): string[] => c.flags.flatMap(([flag]) => [...flag.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!));

const indent = (rows: ReadonlyArray<readonly [string, string]>, pad: number): string =>
  rows.map(([a, b]) => (a.length >= pad ? `  ${a}\n  ${' '.repeat(pad)}  ${b}` : `  ${a.padEnd(pad)}  ${b}`)).join('\n');

export function overview(): string {
  return `regsim ${VERSION} — simulate Microsoft Entra combined security-info registration

Usage: regsim <command> [options]

Commands:
${indent(COMMANDS.map((c) => [`${c.name} ${c.args}`, c.summary] as const), 27)}

Options:
  --help, -h                   this text; after a command, that command's flags and examples
  --version, -v                regsim's version

Exit codes: 0 all good; 1 an expectation, invariant or check failed (validate: an invalid file);
2 bad input or usage (a file that does not load, a path with no scenarios, a refused limit) or an
internal error, reported with the scenario's file and name.

Examples:
${COMMANDS.slice(0, 3).flatMap((c) => c.examples).map((e) => `  ${e}`).join('\n')}

\`regsim <command> --help\` lists a command's flags.
`;
}

export function commandHelp(name: string): string | undefined {
  const c = COMMANDS.find((x) => x.name === name);
  if (!c) return undefined;
  return `regsim ${c.name} — ${c.summary}

Usage: regsim ${c.name} ${c.args}${c.flags.length ? ' [options]' : ''}
${c.flags.length ? `\nOptions:\n${indent(c.flags, 34)}\n` : ''}
Examples:
${c.examples.map((e) => `  ${e}`).join('\n')}
`;
}
