#!/usr/bin/env -S npx tsx
/**
 * `regsim`: the command line. Quiet by default, colour on a TTY, `--json`
 * for machines; exit 0 ok, 1 an expectation or check failed, 2 bad input.
 */
import { parseArgs } from 'node:util';
import { decodeUrlCommand } from './cli/decodeUrl.ts';
import { UsageError, red } from './cli/output.ts';
import { suggestion } from './scenario/diagnostics.ts';
import { checkCommand } from './cli/check.ts';
import { DEFAULT_LIMIT, pathsCommand } from './cli/paths.ts';
import { runCommand } from './cli/run.ts';
import { validateCommand } from './cli/validate.ts';
import { endQuietlyOnClosedPipe } from './cli/stream.ts';
import { DEFAULT_LIMITS, parseSize, type LoadLimits } from './scenario/limits.ts';
import { importCommand } from './cli/import.ts';
import { whatifCommand } from './cli/whatif.ts';
import { diffCommand } from './cli/diff.ts';

const HELP = `regsim — simulate Microsoft Entra combined security-info registration

Usage: regsim <command> [options]

Commands:
  run <scenario|dir>...        evaluate scenarios, walk their steps, check expect
      --json                   machine-readable output
      --profile observed|documented|both
                               override the scenarios' profile; both compares them
      --verbose                print each walk's trace and audit rows
  check <scenario|dir>...      visit every reachable state and transition; check the DOMAIN invariants
      --json --max-states N
  validate <scenario|dir>...   schema, semantic and machine checks (file:line:col)
  paths <scenario|dir>...      every path through each scenario's flow, with coverage
      --cover transitions|states|simple|rules|random   criterion (default transitions)
      --seed N --until states|transitions|rules        for --cover random
      --format table|json|jsonl|md|gherkin|csv        (default: table on a TTY, else json)
      --out DIR                write files (md/gherkin: one per scenario)
      --count                  count paths per criterion, list none
      --limit N                paths listed per scenario (default ${DEFAULT_LIMIT})
      --shard i/n              this shard's share of scenarios × paths
      --max-states N           cap on explored states per scenario
  diagram <machine|all>        draw a statechart (interrupt, manage, ssprRefresh, b2bMfaTrust, passkey)
      --format mermaid|dot|svg|md   (default mermaid, to stdout)
      --out DIR                write <machine>.mmd|.dot|.svg|.md (needed for all --format svg)
      --highlight IDS          states (gate,wizard.intro,wizard.setup.email) and transition ids to draw bold
  import <export-dir|json...>  Microsoft Graph exports (EntraExporter folders, Graph JSON) → a tenant file
      --out FILE               write the tenant file there (default: stdout, report on stderr)
      --name NAME              the tenant's name (default: the organization's, or the folder's)
      --json                   the import report as JSON
  whatif <tenant|export-dir>   what every kind of user the policies tell apart gets, in every client
      --format table|md|json|csv   (default: table on a TTY, else json)
      --max-populations N      cap on kinds of user (default 64)
      --home FILE              the guests' home tenant (a tenant file or export; default: [A] see README)
      --profile observed|documented
  diff <before> <after>        only what changes for whom between two tenants (files or export folders)
      --format table|md|json   (default: table on a TTY, else json)
      --fail-on-change         exit 1 when anything changes (for CI)
      --max-populations N --home FILE --profile observed|documented
  decode-url <url>             what a register?authMethods=N wizard offers
  inspect <scenario>           live view on http://127.0.0.1:PORT/: click through the flow; decision,
                               trace, audit log and diagram update live (Ctrl+C to stop)
      --port N                 port (default 0: any free port)
      --variant N              matrix variant, 1-based (default 1)
      --no-open                do not open a browser
      --stately                also show the actor in the Stately Inspector, at /stately (its UI loads from stately.ai)
  help                         this text

Limits (run, paths, check, validate, inspect): input far larger than a scenario is refused early
      --max-file-size SIZE     bytes in one scenario file (default 1MB; e.g. 5MB, 500kB)
      --max-nodes N            YAML nodes in one file (default ${DEFAULT_LIMITS.maxNodes})
      --max-variants N         variants one matrix may expand to (default ${DEFAULT_LIMITS.maxVariants})

Exit codes: 0 all good; 1 an expectation, invariant or check failed (validate: an invalid file);
2 bad input or usage (a file that does not load, a path with no scenarios, a refused limit) or an
internal error, reported with the scenario's file and name.

Examples:
  regsim run scenarios/
  regsim run scenarios/caveat1-c-ca-strength-multifactor-sspr2.yaml --profile both
  regsim paths scenarios/ --format md --out qa/
  regsim paths scenarios/int-06-concept-worked-example.yaml --count
  regsim validate scenarios/
  regsim decode-url 'https://mysignins.microsoft.com/register?authMethods=1720&authMethodCount=1'
  regsim import ./EntraExport --out contoso.tenant.yaml
  regsim whatif contoso.tenant.yaml --format md
  regsim diff contoso.tenant.yaml contoso-after.tenant.yaml --fail-on-change
`;

function wholeNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} takes a whole number (got "${v}")`);
  return Number(v);
}

function positive(flag: string, v: string | undefined): number | undefined {
  const n = wholeNumber(flag, v);
  if (n === 0) throw new UsageError(`${flag} takes a whole number above 0 (got "${v}")`);
  return n;
}

function limitsFrom(values: { 'max-file-size'?: string; 'max-nodes'?: string; 'max-variants'?: string }): LoadLimits {
  const size = values['max-file-size'];
  const bytes = size === undefined ? undefined : parseSize(size);
  if (bytes === null) throw new UsageError(`--max-file-size takes a size such as 5MB, 500kB or 2000000 (got "${size}")`);
  return {
    maxFileBytes: bytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxNodes: positive('--max-nodes', values['max-nodes']) ?? DEFAULT_LIMITS.maxNodes,
    maxVariants: positive('--max-variants', values['max-variants']) ?? DEFAULT_LIMITS.maxVariants,
  };
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  json: { type: 'boolean', default: false },
  profile: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  format: { type: 'string' },
  cover: { type: 'string', default: 'transitions' },
  out: { type: 'string' },
  count: { type: 'boolean', default: false },
  limit: { type: 'string' },
  shard: { type: 'string' },
  seed: { type: 'string', default: '1' },
  until: { type: 'string', default: 'transitions' },
  'max-states': { type: 'string' },
  highlight: { type: 'string' },
  port: { type: 'string' },
  variant: { type: 'string' },
  'no-open': { type: 'boolean', default: false },
  stately: { type: 'boolean', default: false },
  'max-file-size': { type: 'string' },
  'max-nodes': { type: 'string' },
  'max-variants': { type: 'string' },
  name: { type: 'string' },
  'max-populations': { type: 'string' },
  home: { type: 'string' },
  'fail-on-change': { type: 'boolean', default: false },
} as const;

/** parseArgs, with an unknown flag reported as one line naming the closest real one. */
function parse(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    const message = (e as Error).message;
    // `--limit -1`: parseArgs takes "-1" for a flag and explains in three lines; say what the flag takes.
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous) {
      const value = args[args.indexOf(ambiguous[1]!) + 1];
      throw new UsageError(`${ambiguous[1]} takes a value${value !== undefined ? `, not "${value}"` : ''}; a whole number for counts (write ${ambiguous[1]}=VALUE for a value that starts with "-")`);
    }
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (!unknown) throw e;
    const flags = Object.keys(OPTIONS).map((k) => `--${k}`);
    throw new UsageError(`unknown option ${unknown[1]}${suggestion(unknown[1]!, flags)}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parse(rest);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const profile = values.profile;
  const tenantOptions = () => ({
    format: values.format, profile, home: values.home, maxPopulations: wholeNumber('--max-populations', values['max-populations']),
  });
  if (command === 'whatif' || command === 'diff') {
    // Their own check: `both` compares scenarios, not tenants.
  } else if (profile !== undefined && !['observed', 'documented', 'both'].includes(profile)) {
    throw new UsageError(`--profile must be observed, documented or both (got "${profile}")`);
  }
  const limits = limitsFrom(values);
  switch (command) {
    case 'run':
      return runCommand(positionals, { json: values.json, profile: profile as 'observed' | 'documented' | 'both' | undefined, verbose: values.verbose, limits });
    case 'validate':
      return validateCommand(positionals, values.json, limits);
    case 'paths':
      if (!['states', 'transitions', 'rules'].includes(values.until)) throw new UsageError(`--until must be states, transitions or rules (got "${values.until}")`);
      return pathsCommand(positionals, {
        format: values.format as never, cover: values.cover as never, out: values.out, count: values.count,
        limit: wholeNumber('--limit', values.limit) ?? DEFAULT_LIMIT, shard: values.shard,
        seed: wholeNumber('--seed', values.seed) ?? 1, until: values.until as never,
        maxStates: wholeNumber('--max-states', values['max-states']), limits,
      });
    case 'check':
      return checkCommand(positionals, { json: values.json, maxStates: wholeNumber('--max-states', values['max-states']), limits });
    case 'diagram': {
      // Graphviz (WebAssembly) loads only for this command.
      const { diagramCommand } = await import('./cli/diagram.ts');
      return diagramCommand(positionals[0], { format: values.format, out: values.out, highlight: values.highlight });
    }
    case 'inspect': {
      // The server and Graphviz (WebAssembly) load only for this command.
      const { inspectCommand } = await import('./cli/inspect.ts');
      return inspectCommand(positionals, { port: values.port, variant: values.variant, open: !values['no-open'], stately: values.stately, limits });
    }
    case 'decode-url':
      return decodeUrlCommand(positionals[0], values.json);
    case 'import':
      return importCommand(positionals, { out: values.out, name: values.name, json: values.json });
    case 'whatif':
      return whatifCommand(positionals, tenantOptions());
    case 'diff':
      return diffCommand(positionals, { ...tenantOptions(), failOnChange: values['fail-on-change'] });
    case undefined: case 'help': case '--help': case '-h':
      process.stdout.write(HELP);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"; commands: run, paths, check, validate, import, whatif, diff, diagram, decode-url, inspect, help`);
  }
}

endQuietlyOnClosedPipe(process.stdout);

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // Usage mistakes and bad flags get one line, never a stack trace.
  const known = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`${red('regsim:')} ${(err as Error).message}\n${known ? 'Run `regsim help` for usage.\n' : ''}`);
  process.exitCode = 2;
}
