/**
 * Loading scenario files: YAML → schema → semantic checks → matrix variants.
 * Every problem becomes a Diagnostic with a file position; bad input never
 * throws, so `regsim validate` can report all files in one run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { z } from 'zod';
import { LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import {
  compareDiagnostics, describeIssues, findingToDiagnostic, hasErrors,
  type Diagnostic, type Locate, type PathSegment, type Position, type Severity,
} from './diagnostics.ts';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.ts';
import { expandMatrixFromRaw, type ExpandedScenario } from './matrix.ts';
import { Scenario } from './schema.ts';
import { checkScenario, checkVariants } from './semantic.ts';
import { resolveTenantRef } from './tenantFile.ts';
import { forUser } from '../domain/targets.ts';

export type LoadResult =
  | {
    ok: true;
    file: string;
    scenario: Scenario;
    /** Positions of fields in the file, for diagnostics found later (e.g. unknown state ids). */
    locate: Locate;
    /** The matrix expanded; one variant `{}` without a matrix. */
    variants: ExpandedScenario[];
    /** Warnings (and YAML warnings); they do not fail loading. */
    warnings: Diagnostic[];
  }
  | {
    ok: false; file: string; errors: Diagnostic[];
    /**
     * The variants as they would be without the fields the schema does not
     * know, when those are all that is wrong: the machine checks run on them
     * too, so one run reports a misspelt field and a misspelt event alike.
     */
    withoutUnknown?: { variants: ExpandedScenario[]; locate: Locate };
  };

/** The JSON Schema editors use sits among the scenarios but is not one. */
const NOT_A_SCENARIO = new Set(['scenario.schema.json', 'tenant.schema.json']);
const SCENARIO_EXTENSIONS = /\.ya?ml$/;

const at1 = (file: string, message: string, severity: Severity = 'error'): Diagnostic =>
  ({ file, line: 1, col: 1, path: '', message, severity });

function keyMatches(key: unknown, seg: PathSegment): boolean {
  return isScalar(key) && String(key.value) === String(seg);
}

/** Resolves paths through the YAML node tree; see `Locate`. */
function makeLocate(doc: Document, lines: LineCounter): Locate {
  const position = (node: unknown): Position => {
    const offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    return lines.linePos(offset);
  };
  return (path, options) => {
    let node: unknown = doc.contents;
    let best: unknown = node;
    for (const [i, seg] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => keyMatches(p.key, seg));
        if (!pair) break;
        const value = pair.value as { range?: [number, number, number] } | null;
        // `key:` with nothing after it has an empty value node; its key is the better anchor.
        const emptyValue = !value?.range || value.range[0] === value.range[1];
        best = (options?.key && i === path.length - 1) || emptyValue ? pair.key : value;
        node = value;
      } else if (isSeq(node) && /^\d+$/.test(String(seg))) {
        const item: unknown = node.items[Number(seg)];
        if (item === undefined || item === null) break;
        best = item;
        node = item;
      } else {
        break;
      }
    }
    return position(best);
  };
}

function yamlDiagnostic(e: YAMLError, file: string, lines: LineCounter, severity: Severity, what: string): Diagnostic {
  // yaml's own wording for this one points at its API, not at the file.
  const message = e.code === 'MULTIPLE_DOCS'
    ? `${what} file holds one YAML document; remove the "---" separator or split the file`
    : e.message;
  return { file, ...lines.linePos(e.pos[0]), path: '', message: `YAML: ${message}`, severity };
}

const sorted = (ds: Diagnostic[]): Diagnostic[] => [...ds].sort(compareDiagnostics);

/**
 * What YAML allows but a scenario cannot mean: a list or mapping as a key
 * (JavaScript objects would turn it into a string), and the key `__proto__`
 * (which JavaScript objects cannot hold as data: it would vanish or set the
 * prototype). Also stops counting past `maxNodes`, so a huge file is refused
 * before anything walks it again.
 */
function structureDiagnostics(doc: Document, file: string, lines: LineCounter, maxNodes: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (node: unknown, message: string): Diagnostic =>
    ({ file, ...lines.linePos((node as { range?: [number, number, number] }).range?.[0] ?? 0), path: '', message, severity: 'error' });
  let nodes = 0;
  visit(doc, {
    Node() {
      if (++nodes > maxNodes) {
        out.push({ ...at1(file, `the file holds more than ${maxNodes.toLocaleString('en-US')} YAML nodes; a scenario holds a few hundred. Raise the cap with --max-nodes N if this file is meant to be this large`) });
        return visit.BREAK;
      }
      return undefined;
    },
    Pair(_, pair) {
      if (isCollection(pair.key)) out.push(at(pair.key, 'a key must be a plain name, not a list or mapping (`? [a, b]:` is YAML a scenario cannot use)'));
      else if (isScalar(pair.key) && pair.key.value === '__proto__') out.push(at(pair.key, 'the key "__proto__" is not allowed: JavaScript cannot keep it as data; rename it'));
    },
  });
  return out;
}

export interface ParsedYaml {
  raw: unknown;
  locate: Locate;
  /** YAML errors and warnings. */
  yaml: Diagnostic[];
  /** Errors that stopped parsing (the raw value is then unusable). */
  errors: Diagnostic[];
}

/** One YAML document with a position for every path; `what` names the kind of file in messages. */
export function parseYaml(text: string, file: string, what = 'a scenario', maxNodes = DEFAULT_LIMITS.maxNodes): ParsedYaml {
  const lines = new LineCounter();
  // prettyErrors off: messages stay one line; positions come from the LineCounter.
  // logLevel 'error': yaml would print its own process warnings (with a PID) to stderr; regsim reports them itself.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' });
  const locate = makeLocate(doc, lines);
  const yaml = [
    ...doc.errors.map((e) => yamlDiagnostic(e, file, lines, 'error', what)),
    ...doc.warnings.map((w) => yamlDiagnostic(w, file, lines, 'warning', what)),
  ];
  if (doc.errors.length > 0) return { raw: undefined, locate, yaml, errors: [] };
  const structure = structureDiagnostics(doc, file, lines, maxNodes);
  if (structure.length > 0) return { raw: undefined, locate, yaml, errors: structure };
  try {
    return { raw: doc.toJS(), locate, yaml, errors: [] };
  } catch (e) {
    // e.g. too many alias expansions (a "billion laughs" file).
    return { raw: undefined, locate, yaml, errors: [at1(file, `YAML: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

/** Parses, validates and expands one scenario held in memory; `file` names it in diagnostics. */
export function parseScenarioText(text: string, file: string, limits: LoadLimits = DEFAULT_LIMITS): LoadResult {
  const parsedYaml = parseYaml(text, file, 'a scenario', limits.maxNodes);
  const { yaml } = parsedYaml;
  let { raw, locate } = parsedYaml;
  const fail = (more: Diagnostic[]): Extract<LoadResult, { ok: false }> => ({ ok: false, file, errors: sorted([...yaml, ...more]) });
  if (yaml.some((d) => d.severity === 'error') || parsedYaml.errors.length > 0) return fail(parsedYaml.errors);
  if (raw === null || raw === undefined) {
    return fail([at1(file, 'the file holds no scenario; it needs at least the fields name and tenant')]);
  }
  // Issue 11: `tenant: x.tenant.yaml` takes the tenant from that file; its diagnostics point into it.
  const tenantRef = resolveTenantRef(raw, file, locate, limits);
  if (!tenantRef.ok) return fail(tenantRef.errors);
  ({ raw, locate } = tenantRef);
  const fromTenantFile = tenantRef.warnings;
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) {
    const schema = describeIssues(Scenario, raw, parsed.error.issues).map((f) => findingToDiagnostic(f, file, locate));
    // A misspelt field hides nothing else: the rest is checked as well, so one run reports every error it can.
    const rest = withoutUnknownKeys(raw, parsed.error.issues);
    const second = rest === null ? null : Scenario.safeParse(rest);
    const more = second?.success ? checked(second.data, rest, file, locate, limits) : null;
    const result = fail([...schema, ...(more?.diagnostics.filter((d) => d.severity === 'error') ?? [])]);
    return more?.variants ? { ...result, withoutUnknown: { variants: more.variants, locate } } : result;
  }
  const { diagnostics: checks, variants } = checked(parsed.data, raw, file, locate, limits);
  if (!variants) return fail(checks);
  return { ok: true, file, scenario: parsed.data, locate, variants, warnings: sorted([...yaml, ...fromTenantFile, ...checks]) };
}

/** What a scenario the schema accepts says wrong (or to warn of), and its variants when nothing does. */
function checked(
  data: Scenario, raw: unknown, file: string, locate: Locate, limits: LoadLimits,
): { diagnostics: Diagnostic[]; variants?: ExpandedScenario[] } {
  const semantic = checkScenario(data, locate, file);
  // Expanding a scenario whose matrix names unknown paths would only repeat those errors.
  if (hasErrors(semantic)) return { diagnostics: semantic };
  const expanded = expandMatrixFromRaw(raw, file, locate, limits);
  if (!expanded.ok) return { diagnostics: [...semantic, ...expanded.errors] };
  const checks = [...semantic, ...checkVariants(data, expanded.scenarios, locate, file)];
  if (hasErrors(checks)) return { diagnostics: checks };
  // MTH-01, SSPR-01: each variant as its user meets it (per-method targets, the SSPR group).
  return { diagnostics: checks, variants: expanded.scenarios.map((v) => ({ ...forUser(v), variant: v.variant, id: v.id })) };
}

/** `raw` without the keys the schema does not know, when those are its only issues; else null. */
function withoutUnknownKeys(raw: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  if (!issues.every((i) => i.code === 'unrecognized_keys')) return null;
  const copy = structuredClone(raw);
  for (const i of issues as readonly z.core.$ZodIssueUnrecognizedKeys[]) {
    let at: unknown = copy;
    for (const k of i.path) at = (at as Record<PropertyKey, unknown>)?.[k as PropertyKey];
    if (at && typeof at === 'object') for (const k of i.keys) delete (at as Record<string, unknown>)[k];
  }
  return copy;
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory, expected a .yaml file';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Files `readLimited` was asked for, read or not: a load that asked for more than its own file named a tenant file. */
let filesRead = 0;

/**
 * A file's text, or why not: unreadable, or larger than `--max-file-size`
 * (checked before reading, so a huge file costs nothing). `what` names the
 * kind of file in the message ("scenario", "tenant file").
 */
export function readLimited(file: string, limits: LoadLimits, what: string): { ok: true; text: string } | { ok: false; error: Diagnostic } {
  filesRead++;
  try {
    const size = statSync(file).size;
    if (size > limits.maxFileBytes) {
      return { ok: false, error: at1(file, `the file is ${formatBytes(size)}, above the ${formatBytes(limits.maxFileBytes)} a ${what} may have; raise the cap with --max-file-size ${Math.ceil(size / 1_000_000)}MB if it is meant to be this large`) };
    }
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { ok: false, error: at1(file, `cannot read ${what}: ${describeFsError(e)}`) };
  }
}

/**
 * The last load of each scenario file, by path. A process often loads the
 * same files again (the commands a test suite runs in one process, a tool
 * built on `loadAll`), and a load depends only on the file's text and the
 * limits, unless its tenant comes from a tenant file, whose text can change
 * on its own: such a load is not kept. Each caller gets its own copy, as
 * from a load of its own, so no caller sees what another changed.
 */
const lastLoads = new Map<string, { text: string; limits: string; result: LoadResult }>();

const copyOf = (r: LoadResult): LoadResult => (r.ok
  ? { ...r, scenario: structuredClone(r.scenario), variants: structuredClone(r.variants), warnings: structuredClone(r.warnings) }
  : { ...r, errors: structuredClone(r.errors) });

/** Reads and loads one scenario file; unreadable or oversized files are a diagnostic at 1:1. */
export function loadScenarioFile(file: string, limits: LoadLimits = DEFAULT_LIMITS): LoadResult {
  const before = filesRead;
  const read = readLimited(file, limits, 'scenario file');
  if (!read.ok) return { ok: false, file, errors: [read.error] };
  // Every limit, so that one added to LoadLimits is part of the key without being named here.
  const limitsKey = JSON.stringify(limits);
  const last = lastLoads.get(file);
  if (last && last.text === read.text && last.limits === limitsKey) return copyOf(last.result);
  const result = parseScenarioText(read.text, file, limits);
  if (filesRead === before + 1) lastLoads.set(file, { text: read.text, limits: limitsKey, result: copyOf(result) });
  else lastLoads.delete(file);
  return result;
}

const formatBytes = (n: number): string =>
  (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB` : n >= 1000 ? `${(n / 1000).toFixed(1).replace(/\.0$/, '')} kB` : `${n} bytes`);

/** Code-unit order: the same on every machine, whatever its locale. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function walkDirectory(dir: string, out: string[], errors: Diagnostic[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push(at1(dir, `cannot read directory: ${describeFsError(e)}`));
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    // Symlinked directories are not followed: a link cycle would never end.
    if (entry.isDirectory()) walkDirectory(full, out, errors);
    else if (SCENARIO_EXTENSIONS.test(entry.name) && !NOT_A_SCENARIO.has(entry.name)) out.push(full);
  }
}

/**
 * The scenario files named by `paths`: files as given, directories searched
 * recursively for `*.yaml` / `*.yml`, and glob patterns (`'scenarios/**\/caveat*.yaml'`,
 * for shells that do not expand them). Sorted and de-duplicated so runs are
 * reproducible. A missing path, or a directory or pattern that names no
 * scenario file, is a diagnostic, not an exception: a mistyped path must not
 * pass as "0 scenarios, all passed".
 */
export function collectScenarioFiles(paths: readonly string[]): { files: string[]; errors: Diagnostic[]; empty: string[] } {
  const files: string[] = [];
  const errors: Diagnostic[] = [];
  /** Directories and patterns that name no scenario file (their errors are in `errors` too). */
  const empty: string[] = [];
  for (const p of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch (e) {
      if (isDynamicPattern(p)) {
        const matches = globSync(p, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(p) }).filter((f) => SCENARIO_EXTENSIONS.test(f) && !NOT_A_SCENARIO.has(f.split(/[\\/]/).at(-1) ?? ''));
        if (matches.length === 0) { errors.push(at1(p, 'no scenario files (*.yaml, *.yml) match this pattern')); empty.push(p); }
        files.push(...matches);
        continue;
      }
      errors.push(at1(p, describeFsError(e)));
      continue;
    }
    if (isDirectory) {
      const before = files.length;
      walkDirectory(p, files, errors);
      if (files.length === before) { errors.push(at1(p, 'no scenario files (*.yaml, *.yml) in this directory')); empty.push(p); }
    } else if (!NOT_A_SCENARIO.has(p.split(/[\\/]/).at(-1) ?? '')) files.push(p);
  }
  return { files: [...new Set(files)].sort(byCodeUnit), errors, empty };
}
