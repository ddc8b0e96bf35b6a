/**
 * Diagnostics: what `regsim validate` and the loader report about a scenario
 * file, each tied to a file position so editors and CI can jump to it.
 *
 * The second half turns zod issues into diagnostics phrased for someone
 * editing YAML: it names the offending field, says what would be valid, and
 * suggests the nearest valid spelling. It lives here (not in load.ts) because
 * both the loader and the matrix expansion map zod issues.
 */
import { z } from 'zod';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** The field the diagnostic is about, e.g. `user.methods[1].count`; '' for the whole file. */
  path: string;
  message: string;
  severity: Severity;
}

export type PathSegment = string | number;

export interface Position {
  line: number;
  col: number;
  /** Set when the position lies in another file than the one being loaded (a tenant file, issue 11). */
  file?: string;
}

/**
 * Maps a path in the scenario to a file position. Paths that run past what
 * the file spells out (a field filled in by a default) resolve to the deepest
 * node that exists. `key: true` asks for the key of the last segment rather
 * than its value (for "unknown field" and "bad dimension name").
 */
export type Locate = (path: readonly PathSegment[], options?: { key?: boolean }) => Position;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * `user.methods[1].count`: dots for fields, brackets for list items, and
 * quoted brackets for keys that are not plain names, so a matrix dimension
 * key reads `matrix["client.app"]` rather than passing for a nested path.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (!PLAIN_KEY.test(seg)) out += `[${JSON.stringify(seg)}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** `file:line:col: error: message (at path.to.field)`, the format compilers use. */
export function formatDiagnostic(d: Diagnostic): string {
  const at = d.path === '' ? '' : ` (at ${d.path})`;
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}${at}`;
}

/** By file, then position; stable, so diagnostics at one spot keep their order. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean =>
  ds.some((d) => d.severity === 'error');

/** Keeps the first of identical diagnostics (matrix variants repeat them). */
export function dedupeDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------
// Did you mean

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Distance between two words for "did you mean": the edit distance ignoring
 * case, or 1 when one holds the other (`phone` in `mobilePhone`), since a
 * shortened name is as likely a slip as a typo.
 */
function wordDistance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const d = levenshtein(x, y);
  return short.length >= 3 && long.includes(short) ? Math.min(d, 1) : d;
}

/**
 * Distance between two dotted paths (`wizard.setup.phone`): the last segment
 * weighs most — it is what names the state — so parents that differ cost
 * double and the last segments are compared as words.
 */
function pathDistance(a: string, b: string): number {
  const [pa, pb] = [a.split('.'), b.split('.')];
  const [la, lb] = [pa.pop()!, pb.pop()!];
  return 2 * levenshtein(pa.join('.').toLowerCase(), pb.join('.').toLowerCase()) + wordDistance(la, lb);
}

/**
 * The candidate closest to `input`, if close enough to be a likely typo:
 * distance at most max(2, len/3), ignoring case (so `Email` → `email`);
 * dotted paths are compared by their last segment first. Ties go to the
 * earlier candidate, so results are deterministic.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.includes(input)) return undefined;
  const dotted = input.includes('.') || candidates.some((c) => c.includes('.'));
  const distance = dotted ? pathDistance : wordDistance;
  const threshold = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(input, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= threshold ? best : undefined;
}

/** `; did you mean "tenant"?`, or '' when nothing is close. */
export function suggestion(input: string, candidates: readonly string[]): string {
  const hit = didYouMean(input, candidates);
  return hit === undefined ? '' : `; did you mean "${hit}"?`;
}

// ---------------------------------------------------------------------------
// Walking a zod schema by path (for valid keys and matrix dimension paths)

type Schema = z.core.$ZodType;

/** The parts of zod 4 definitions the walker reads; everything else is ignored. */
interface WalkableDef {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: readonly Schema[];
}

const defOf = (s: Schema): WalkableDef => s._zod.def as unknown as WalkableDef;

/** Strips optional/nullable/default/prefault/readonly/pipe and splits unions. */
function unwrap(s: Schema): Schema[] {
  const d = defOf(s);
  if (d.innerType) return unwrap(d.innerType);
  if (d.type === 'pipe' && d.in) return unwrap(d.in);
  if (d.type === 'union' && d.options) return d.options.flatMap(unwrap);
  return [s];
}

function childOf(s: Schema, seg: PathSegment): Schema[] {
  const d = defOf(s);
  if (d.type === 'object' && d.shape && typeof seg === 'string' && Object.hasOwn(d.shape, seg)) {
    return [d.shape[seg]!];
  }
  if (d.type === 'array' && d.element && /^\d+$/.test(String(seg))) return [d.element];
  if (d.type === 'record' && d.valueType) return [d.valueType];
  return [];
}

/** Every schema (one per union branch) that can sit at `path`; empty if none. */
export function schemaAt(root: Schema, path: readonly PathSegment[]): Schema[] {
  let current: Schema[] = [root];
  for (const seg of path) current = current.flatMap(unwrap).flatMap((s) => childOf(s, seg));
  return current;
}

/** Field names valid in the mapping at `path`, in schema order. */
export function keysAt(root: Schema, path: readonly PathSegment[]): string[] {
  const keys = schemaAt(root, path)
    .flatMap(unwrap)
    .flatMap((s) => Object.keys(defOf(s).type === 'object' ? (defOf(s).shape ?? {}) : {}));
  return [...new Set(keys)];
}

// ---------------------------------------------------------------------------
// Zod issues → findings

/**
 * One problem, before it gets a file position. `path` is the field it is
 * about; `anchor` is where to point (the parent mapping for a missing field);
 * `key` points at the key node rather than the value.
 */
export interface Finding {
  path: PathSegment[];
  anchor: PathSegment[];
  key: boolean;
  message: string;
}

interface IssueContext {
  schema: Schema;
  /** The parsed YAML the schema rejected, to say what was found. */
  raw: unknown;
}

type Issue = z.core.$ZodIssue;

const toSegments = (path: readonly PropertyKey[]): PathSegment[] =>
  path.map((p) => (typeof p === 'number' ? p : String(p)));

function valueAt(raw: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let cur: unknown = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return { found: false, value: undefined };
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return { found: cur !== undefined, value: cur };
}

/** Zod type names in the words of someone writing YAML. */
const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  null: 'null',
  record: 'a mapping',
};

const typeName = (t: string): string => TYPE_NAMES[t] ?? `a ${t}`;

const isPlainObject = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));

function describeValue(v: unknown): string {
  if (v === null) return 'an empty value (null)';
  if (Array.isArray(v)) return 'a list';
  // e.g. `!!binary` yields a Uint8Array.
  if (typeof v === 'object' && !isPlainObject(v)) return `a ${v.constructor?.name ?? 'non-mapping'} value`;
  switch (typeof v) {
    case 'string': return `the string ${JSON.stringify(v)}`;
    case 'number': return `the number ${v}`;
    case 'boolean': return String(v);
    case 'object': return 'a mapping';
    default: return typeof v;
  }
}

const show = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? describeValue(v) : String(v);

/** YAML 1.1 habits (`yes`, `on`) are plain strings in YAML 1.2. */
const BOOLEAN_LOOKALIKES = new Set(['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false']);

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function expectedTypes(ctx: IssueContext, path: readonly PathSegment[], expected: readonly string[]): string {
  const names = [...new Set(expected.map(typeName))];
  // Zod reports a nullable string as "expected string"; say null is fine too.
  const nullable = schemaAt(ctx.schema, path).some((s) => z.safeParse(s, null).success);
  if (nullable && !names.includes('null')) names.push('null');
  return joinOr(names);
}

function missingField(path: PathSegment[], expected: string): Finding {
  const field = path.at(-1);
  const anchor = path.slice(0, -1);
  const where = anchor.length === 0 ? '' : ` in ${formatPath(anchor)}`;
  return { path, anchor, key: false, message: `missing required field "${String(field)}"${where} (expected ${expected})` };
}

function typeMismatch(ctx: IssueContext, path: PathSegment[], expected: readonly string[]): Finding {
  const { found, value } = valueAt(ctx.raw, path);
  const want = expectedTypes(ctx, path, expected);
  if (!found) return missingField(path, want);
  const hint = expected.includes('boolean') && typeof value === 'string' && BOOLEAN_LOOKALIKES.has(value.toLowerCase())
    ? ' (write true or false without quotes)'
    : '';
  return { path, anchor: path, key: false, message: `expected ${want}, got ${describeValue(value)}${hint}` };
}

function invalidValue(ctx: IssueContext, path: PathSegment[], values: readonly unknown[], alsoTypes: readonly string[]): Finding {
  const { found, value } = valueAt(ctx.raw, path);
  const options = values.map(String);
  const others = alsoTypes.length > 0 ? ` (or ${joinOr([...new Set(alsoTypes.map(typeName))])})` : '';
  if (!found) return missingField(path, `one of: ${options.join(', ')}${others}`);
  const hint = typeof value === 'string' ? suggestion(value, options) : '';
  return {
    path, anchor: path, key: false,
    message: `${show(value)} is not valid; expected one of: ${options.join(', ')}${others}${hint}`,
  };
}

function unknownKey(ctx: IssueContext, parent: PathSegment[], key: string): Finding {
  const valid = keysAt(ctx.schema, parent);
  const hint = suggestion(key, valid);
  const tail = hint !== '' ? hint : valid.length > 0 ? `; valid fields: ${valid.join(', ')}` : '';
  const path = [...parent, key];
  return { path, anchor: path, key: true, message: `unknown field "${key}"${tail}` };
}

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, value: unknown): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
    case 'set':
      return `must have ${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
    case 'string':
      return small && bound === 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${bound} characters long`;
    default: {
      const rel = small ? (inclusive ? 'at least' : 'greater than') : (inclusive ? 'at most' : 'less than');
      return `must be ${rel} ${bound}, got ${show(value)}`;
    }
  }
}

/**
 * True when a union branch failed only because the value has another type
 * than the branch takes: a wrong type, or a value none of whose options has
 * the value's type (a mapping tried against an enum of strings).
 */
const isTypeMismatch = (branch: readonly Issue[], value: unknown): boolean =>
  branch.length > 0 && branch.every((i) => i.path.length === 0 && (
    i.code === 'invalid_type' ||
    (i.code === 'invalid_value' && i.values.every((v) => v === null || typeof v !== typeof value || value === null))));

const expectedOf = (branch: readonly Issue[]): string[] =>
  branch.flatMap((i) => (i.code === 'invalid_type' ? [i.expected] : []));

const valuesOf = (branches: readonly (readonly Issue[])[]): unknown[] =>
  branches.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_value' && i.path.length === 0 ? i.values : [])));

/**
 * Zod reports a failed union as one issue per branch. Report the branch the
 * author evidently meant: the one whose type matched (a string for a method
 * id, a mapping for `{ method, count }`), with the fewest problems.
 */
function invalidUnion(ctx: IssueContext, path: PathSegment[], branches: readonly (readonly Issue[])[]): Finding[] {
  const { value } = valueAt(ctx.raw, path);
  const viable = branches.filter((b) => !isTypeMismatch(b, value));
  const mismatched = branches.filter((b) => isTypeMismatch(b, value));
  const mismatchTypes = mismatched.flatMap(expectedOf);
  if (viable.length === 0) {
    const values = valuesOf(mismatched);
    return [values.length > 0 ? invalidValue(ctx, path, values, mismatchTypes) : typeMismatch(ctx, path, mismatchTypes)];
  }
  const enumLike = viable.every((b) => b.length === 1 && b[0]!.code === 'invalid_value' && b[0]!.path.length === 0);
  if (enumLike) return [invalidValue(ctx, path, valuesOf(viable), mismatchTypes)];
  const best = viable.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((i) => describeIssue(ctx, i, path));
}

function describeIssue(ctx: IssueContext, issue: Issue, base: readonly PathSegment[] = []): Finding[] {
  const path = [...base, ...toSegments(issue.path)];
  switch (issue.code) {
    case 'unrecognized_keys':
      // Zod checks keys of any object, so binary data gets one "unknown key" per byte and method.
      if (!isPlainObject(valueAt(ctx.raw, path).value)) return [typeMismatch(ctx, path, ['object'])];
      return issue.keys.map((k) => unknownKey(ctx, path, k));
    case 'invalid_type':
      return [typeMismatch(ctx, path, [issue.expected])];
    case 'invalid_value':
      return [invalidValue(ctx, path, issue.values, [])];
    case 'invalid_union':
      if (issue.errors.length === 0) break;
      return invalidUnion(ctx, path, issue.errors);
    case 'too_small':
    case 'too_big':
      return [{ path, anchor: path, key: false, message: sizeMessage(issue, valueAt(ctx.raw, path).value) }];
  }
  return [{ path, anchor: path, key: false, message: issue.message }];
}

/** Every zod issue as findings, each naming what would be valid. */
export function describeIssues(schema: Schema, raw: unknown, issues: readonly Issue[]): Finding[] {
  const ctx: IssueContext = { schema, raw };
  return issues.flatMap((i) => describeIssue(ctx, i));
}

/** A finding at its file position. */
export function findingToDiagnostic(f: Finding, file: string, locate: Locate, severity: Severity = 'error'): Diagnostic {
  return { file, ...locate(f.anchor, { key: f.key }), path: formatPath(f.path), message: f.message, severity };
}
