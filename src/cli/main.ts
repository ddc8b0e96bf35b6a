/**
 * The command line's commands and flags (`main`), and how a mistake in them
 * is reported (`runCli`); `src/cli.ts` runs it as the process.
 */
import { parseArgs } from 'node:util';
import { decodeUrlCommand } from './decodeUrl.ts';
import { UsageError, red } from './output.ts';
import { suggestion } from '../scenario/diagnostics.ts';
import { checkCommand } from './check.ts';
import { COMMANDS, commandHelp, formatValues, numericOptions, optionNames, overview } from './help.ts';
import { RANDOM_GOALS, type RandomGoal } from '../paths/cover.ts';
import { DEFAULT_LIMIT, pathsCommand } from './paths.ts';
import { runCommand } from './run.ts';
import { validateCommand } from './validate.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_LIMITS, parseSize, type LoadLimits } from '../scenario/limits.ts';

function wholeNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} takes a whole number (got "${v}")`);
  return Number(v);
}

/** `--until`: what a random walk goes on until it covers. */
function untilOf(v: string | undefined): RandomGoal | undefined {
  if (v !== undefined && !(RANDOM_GOALS as readonly string[]).includes(v)) throw new UsageError(`--until must be ${RANDOM_GOALS.join(', ').replace(/, (\w+)$/, ' or $1')} (got "${v}")`);
  return v as RandomGoal | undefined;
}

function positive(flag: string, v: string | undefined): number | undefined {
  const n = wholeNumber(flag, v);
  if (n === 0) throw new UsageError(`${flag} takes a whole number above 0 (got "${v}")`);
  return n;
}

/** `--limit`: how many paths a scenario lists; none would list nothing and say nothing, which `--count` does better. */
function limitOf(v: string | undefined): number {
  if (v === '0') throw new UsageError('--limit takes a whole number above 0 (got "0"); --count counts the paths without listing them');
  return wholeNumber('--limit', v) ?? DEFAULT_LIMIT;
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
  version: { type: 'boolean', short: 'v', default: false },
  path: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  coverage: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  profile: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  format: { type: 'string' },
  cover: { type: 'string', default: 'transitions' },
  out: { type: 'string' },
  count: { type: 'boolean', default: false },
  limit: { type: 'string' },
  shard: { type: 'string' },
  // No defaults here: a --seed or --until given without --cover random is refused, not ignored.
  seed: { type: 'string' },
  until: { type: 'string' },
  'max-states': { type: 'string' },
  highlight: { type: 'string' },
  depth: { type: 'string' },
  focus: { type: 'string' },
  direction: { type: 'string' },
  theme: { type: 'string' },
  labels: { type: 'string' },
  scenario: { type: 'string' },
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

/** The flags that take a count, a seed, a port or a size (`--limit N`, `--max-file-size SIZE` in the help): never negative. */
const NUMBERS = numericOptions();

/**
 * parseArgs, with an unknown flag, or one the command does not take,
 * reported as one line naming the closest real one.
 */
function parse(command: string | undefined, args: string[]) {
  const own = COMMANDS.find((c) => c.name === command);
  const flags = [...new Set([...(own ? optionNames(own) : Object.keys(OPTIONS)), 'help', 'version'])].map((k) => `--${k}`);
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS, tokens: true });
  } catch (e) {
    const message = (e as Error).message;
    // `--limit -1`: parseArgs takes "-1" for a flag and explains in three lines; say what the flag takes.
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous) {
      const flag = ambiguous[1]!;
      const value = args[args.indexOf(flag) + 1];
      if (value !== undefined && NUMBERS.has(flag) && /^-\d/.test(value)) throw new UsageError(`${flag} takes a whole number, not a negative one (got "${value}")`);
      throw new UsageError(`${flag} takes a value${value !== undefined ? `, not "${value}"` : ''} (write ${flag}=VALUE for a value that starts with "-")`);
    }
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (!unknown) throw e;
    throw new UsageError(`unknown option ${unknown[1]}${suggestion(unknown[1]!, flags)}`);
  }
  for (const t of parsed.tokens) {
    if (t.kind === 'option' && !flags.includes(`--${t.name}`)) {
      // Commands with one other output take --json, those with several --format: point from one to the other, where it gives JSON.
      const json = t.name === 'format' && t.value === 'json' && flags.includes('--json') ? '; for JSON, --json'
        : t.name === 'json' && own && formatValues(own).includes('json') ? '; for JSON, --format json' : suggestion(`--${t.name}`, flags);
      throw new UsageError(`${command} takes no option --${t.name}${json}`);
    }
  }
  return parsed;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`regsim ${VERSION}\n`);
    return 0;
  }
  const { values, positionals } = parse(command, rest);
  if (values.help || command === 'help' || command === '--help' || command === '-h' || command === undefined) {
    const name = command === 'help' || command === '--help' || command === '-h' ? positionals[0] : command;
    const text = name === undefined ? overview() : commandHelp(name);
    if (text === undefined) throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    process.stdout.write(text);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`regsim ${VERSION}\n`);
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
    case 'paths': {
      const walkFlags = (['seed', 'until'] as const).filter((k) => values[k] !== undefined).map((k) => `--${k}`);
      if (walkFlags.length && values.cover !== 'random') {
        throw new UsageError(`${walkFlags.join(' and ')} ${walkFlags.length > 1 ? 'apply' : 'applies'} only to --cover random (this run covers ${values.cover})`);
      }
      return pathsCommand(positionals, {
        format: values.format as never, cover: values.cover as never, out: values.out, count: values.count,
        limit: limitOf(values.limit), shard: values.shard,
        seed: wholeNumber('--seed', values.seed) ?? 1, until: untilOf(values.until) ?? 'transitions',
        maxStates: wholeNumber('--max-states', values['max-states']), limits, quiet: values.quiet, coverage: values.coverage,
      });
    }
    case 'story': {
      // Commands that load much for themselves load it only when run, so every other command starts fast.
      const { storyCommand } = await import('./story.ts');
      return storyCommand(positionals, {
        path: values.path, format: values.format, variant: values.variant, out: values.out, seed: wholeNumber('--seed', values.seed) ?? 1, limits,
      });
    }
    case 'check':
      return checkCommand(positionals, { json: values.json, maxStates: wholeNumber('--max-states', values['max-states']), shard: values.shard, limits });
    case 'diagram': {
      // Graphviz (WebAssembly) loads only for this command.
      const { diagramCommand } = await import('./diagram.ts');
      return diagramCommand(positionals[0], {
        format: values.format, out: values.out, highlight: values.highlight, depth: values.depth, focus: values.focus,
        direction: values.direction, theme: values.theme, labels: values.labels, scenario: values.scenario, variant: values.variant,
        seed: wholeNumber('--seed', values.seed), until: untilOf(values.until),
      });
    }
    case 'inspect': {
      // The server and Graphviz (WebAssembly) load only for this command.
      const { inspectCommand } = await import('./inspect.ts');
      return inspectCommand(positionals, { port: values.port, variant: values.variant, open: !values['no-open'], stately: values.stately, limits });
    }
    case 'decode-url':
      return decodeUrlCommand(positionals[0], values.json);
    case 'merge': {
      const { mergeCommand } = await import('./merge.ts');
      return mergeCommand(positionals);
    }
    case 'import': {
      const { importCommand } = await import('./import.ts');
      return importCommand(positionals, { out: values.out, name: values.name, json: values.json });
    }
    case 'whatif': {
      const { whatifCommand } = await import('./whatif.ts');
      return whatifCommand(positionals, tenantOptions());
    }
    case 'diff': {
      const { diffCommand } = await import('./diff.ts');
      return diffCommand(positionals, { ...tenantOptions(), failOnChange: values['fail-on-change'] });
    }
    default:
      throw new UsageError(`unknown command "${command}"${suggestion(command, COMMANDS.map((c) => c.name)) || '.'} Commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  }
}

/** The command line as the process runs it: the exit code; a usage mistake or bad flag is one line on stderr, never a stack trace. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (err) {
    const known = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const command = COMMANDS.find((c) => c.name === argv[0] && c.name !== 'help');
    const hint = command ? `Run \`regsim ${command.name} --help\` for its options.` : 'Run `regsim help` for usage.';
    process.stderr.write(`${red('regsim:')} ${(err as Error).message}\n${known ? `${hint}\n` : ''}`);
    return 2;
  }
}
