/**
 * Matrix expansion: a scenario with `matrix` stands for the cartesian product
 * of its dimensions. Each variant sets its dotted paths on a clone of the raw
 * YAML and is parsed again, so defaults apply to what the variant did not set
 * and a value the schema rejects is reported at the matrix entry that
 * produced it, rather than surfacing later as a puzzling simulation result.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import {
  dedupeDiagnostics, describeIssues, findingToDiagnostic, formatDiagnostic, formatPath,
  type Diagnostic, type Locate, type PathSegment,
} from './diagnostics.ts';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.ts';
import { Scenario, type Expectations } from './schema.ts';
import { resolveTenantRef } from './tenantFile.ts';
import { forUser } from '../domain/targets.ts';

export type MatrixValue = string | number | boolean | null;

export type ExpandedScenario = Scenario & {
  /** Dimension path → the value this variant uses; `{}` without a matrix. */
  variant: Record<string, MatrixValue>;
  /** Unique within the file: the name, plus the variant for a matrix. */
  id: string;
};

export type ExpandResult =
  | { ok: true; scenarios: ExpandedScenario[] }
  | { ok: false; errors: Diagnostic[] };

/** `client.app=browser, client.os=macos`. */
export const variantLabel = (variant: Record<string, MatrixValue>): string =>
  Object.entries(variant).map(([k, v]) => `${k}=${String(v)}`).join(', ');

/** `tenant.sspr.methodsRequired` → segments; digits index lists. */
export const dimensionSegments = (dimension: string): PathSegment[] =>
  dimension.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Every combination, in the order dimensions are written, the last varying fastest. */
export function cartesian(matrix: Record<string, readonly MatrixValue[]>): Record<string, MatrixValue>[] {
  let combos: Record<string, MatrixValue>[] = [{}];
  for (const [dimension, values] of Object.entries(matrix)) {
    combos = combos.flatMap((combo) => values.map((v) => ({ ...combo, [dimension]: v })));
  }
  return combos;
}

type Container = Record<PathSegment, unknown>;

/** Sets `segments` to `value` in `target`, creating mappings on the way; an error message if blocked. */
function setPath(target: Container, segments: readonly PathSegment[], value: MatrixValue): string | undefined {
  let cur: Container = target;
  for (const [i, seg] of segments.entries()) {
    // Writing past the end of a list would leave holes the schema reports confusingly.
    if (Array.isArray(cur) && typeof seg === 'number' && seg > cur.length) {
      return `cannot set ${formatPath(segments)}: ${formatPath(segments.slice(0, i))} has ${plural(cur.length, 'item')}`;
    }
    if (i === segments.length - 1) {
      cur[seg] = value;
      return undefined;
    }
    // A numeric next segment (`user.methods.0`) indexes a list, so create one.
    if (cur[seg] === undefined || cur[seg] === null) cur[seg] = typeof segments[i + 1] === 'number' ? [] : {};
    const next = cur[seg];
    if (typeof next !== 'object') {
      return `cannot set ${formatPath(segments)}: ${formatPath(segments.slice(0, i + 1))} is not a mapping`;
    }
    cur = next as Container;
  }
  return undefined;
}

/** `expectWhen` entries matching the variant, merged into `expect` (later entries win, field by field). */
function mergedExpect(base: Scenario, variant: Record<string, MatrixValue>, expect: Expectations): Expectations {
  const merged: Record<string, unknown> = { ...expect };
  for (const entry of base.expectWhen) {
    const matches = Object.entries(entry.when).every(([k, v]) => Object.hasOwn(variant, k) && variant[k] === v);
    if (!matches) continue;
    for (const [k, v] of Object.entries(entry.expect)) if (v !== undefined) merged[k] = v;
  }
  return merged as Expectations;
}

const isPrefix = (a: readonly PathSegment[], b: readonly PathSegment[]): boolean =>
  a.length <= b.length && a.every((s, i) => String(s) === String(b[i]));

/**
 * The dimension that caused a problem, so it can be reported at the matrix
 * entry: one whose path holds the problem, or lies inside the (non-root)
 * field with the problem, such as a list the dimension indexes.
 */
function dimensionOf(path: readonly PathSegment[], dimensions: readonly string[]): string | undefined {
  return dimensions.find((d) => {
    const segs = dimensionSegments(d);
    return isPrefix(segs, path) || (path.length > 0 && isPrefix(path, segs));
  });
}

interface ExpandContext {
  base: Scenario;
  raw: Record<string, unknown>;
  file: string;
  locate: Locate;
  /** The tenant files a matrix names are read under the same limits as the scenario. */
  limits: LoadLimits;
}

function expandOne(ctx: ExpandContext, variant: Record<string, MatrixValue>): ExpandedScenario | Diagnostic[] {
  const { base, file, locate } = ctx;
  const matrix = base.matrix ?? {};
  const clone = structuredClone(ctx.raw);
  // The variant is one concrete situation: it neither expands nor carries conditional expectations.
  delete clone.matrix;
  delete clone.expectWhen;
  const errors: Diagnostic[] = [];
  for (const [dimension, value] of Object.entries(variant)) {
    const blocked = setPath(clone, dimensionSegments(dimension), value);
    if (blocked) {
      errors.push({ file, ...locate(['matrix', dimension], { key: true }), path: formatPath(['matrix', dimension]), message: blocked, severity: 'error' });
    }
  }
  if (errors.length > 0) return errors;
  // Issue 11: a matrix over `tenant` names tenant files.
  if (typeof clone.tenant === 'string') {
    const ref = resolveTenantRef(clone, file, locate, ctx.limits);
    // The tenant file's problems are reported once, with the variants they hold for (mergeAcrossVariants).
    if (!ref.ok) return ref.errors;
    clone.tenant = (ref.raw as Record<string, unknown>).tenant;
  }
  const parsed = Scenario.safeParse(clone);
  if (!parsed.success) {
    return describeIssues(Scenario, clone, parsed.error.issues).map((f) => {
      const dimension = dimensionOf(f.path, Object.keys(variant));
      if (dimension === undefined) return findingToDiagnostic(f, file, locate);
      const index = (matrix[dimension] ?? []).indexOf(variant[dimension] ?? null);
      const at: PathSegment[] = ['matrix', dimension, index];
      return { file, ...locate(at), path: formatPath(at), message: `${f.message} (matrix dimension ${dimension})`, severity: 'error' as const };
    });
  }
  const hasMatrix = base.matrix !== undefined;
  const name = hasMatrix ? `${base.name} [${variantLabel(variant)}]` : base.name;
  return { ...parsed.data, name, expect: mergedExpect(base, variant, parsed.data.expect), variant, id: name };
}

/** The problems found in one variant. */
export interface VariantDiagnostics {
  variant: Record<string, MatrixValue>;
  diagnostics: readonly Diagnostic[];
}

const LISTED_VARIANTS = 3;

/** ` (in all 4 variants)`, ` (in both variants)`, ` (in variant client.app=ie11)`, ` (in variants a; b; c and 2 more)`. */
export function variantsNote(labels: readonly string[], total: number): string {
  if (total > 1 && labels.length === total) return total === 2 ? ' (in both variants)' : ` (in all ${total} variants)`;
  const shown = labels.slice(0, LISTED_VARIANTS).join('; ');
  const more = labels.length > LISTED_VARIANTS ? ` and ${labels.length - LISTED_VARIANTS} more` : '';
  return ` (in variant${labels.length === 1 ? '' : 's'} ${shown}${more})`;
}

/**
 * Each problem once, saying which variants it holds for. `total` is the
 * number of variants the file has (all of them, not only those with
 * problems); without a matrix nothing is added.
 */
export function mergeAcrossVariants(found: readonly VariantDiagnostics[], total = found.length): Diagnostic[] {
  const withMatrix = total > 1 || found.some((f) => Object.keys(f.variant).length > 0);
  if (!withMatrix) return dedupeDiagnostics(found.flatMap((f) => f.diagnostics));
  const groups = new Map<string, { diagnostic: Diagnostic; labels: string[] }>();
  for (const f of found) {
    const label = variantLabel(f.variant);
    for (const d of f.diagnostics) {
      const key = formatDiagnostic(d);
      const g = groups.get(key) ?? { diagnostic: d, labels: [] };
      if (!g.labels.includes(label)) g.labels.push(label);
      groups.set(key, g);
    }
  }
  // A problem reported at a matrix entry already names the value that causes it.
  return [...groups.values()].map(({ diagnostic, labels }) =>
    (diagnostic.path.startsWith('matrix') ? diagnostic : { ...diagnostic, message: `${diagnostic.message}${variantsNote(labels, total)}` }));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Expands the raw parsed YAML of a scenario. `locate` maps paths in that
 * YAML to positions. A scenario without `matrix` yields one variant `{}`.
 */
export function expandMatrixFromRaw(raw: unknown, file: string, locate: Locate, limits: LoadLimits = DEFAULT_LIMITS): ExpandResult {
  const { maxVariants } = limits;
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success || !isPlainObject(raw)) {
    const issues = parsed.success ? [] : parsed.error.issues;
    return { ok: false, errors: describeIssues(Scenario, raw, issues).map((f) => findingToDiagnostic(f, file, locate)) };
  }
  const base = parsed.data;
  // A BigInt: forty dimensions of ten values are a count, not "Infinity".
  const count = Object.values(base.matrix ?? {}).reduce((n, values) => n * BigInt(values.length), 1n);
  if (count > BigInt(maxVariants)) {
    const dims = Object.entries(base.matrix ?? {}).map(([d, v]) => `${d} (${v.length})`).join(' × ');
    return {
      ok: false,
      errors: [{
        file, ...locate(['matrix'], { key: true }), path: 'matrix', severity: 'error',
        message: `the matrix expands to ${count.toLocaleString('en-US')} variants (${dims}); at most ${maxVariants.toLocaleString('en-US')} are allowed. `
          + (count <= 1_000_000n ? `Raise the cap with --max-variants ${count}, or split the file` : 'Split the file into smaller matrices'),
      }],
    };
  }
  const ctx: ExpandContext = { base, raw, file, locate, limits };
  const scenarios: ExpandedScenario[] = [];
  const found: VariantDiagnostics[] = [];
  for (const variant of cartesian(base.matrix ?? {})) {
    const result = expandOne(ctx, variant);
    if (Array.isArray(result)) found.push({ variant, diagnostics: result });
    else scenarios.push(result);
  }
  const errors = mergeAcrossVariants(found, Number(count));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenarios };
}

const nowhere: Locate = () => ({ line: 1, col: 1 });

/**
 * Expands an already validated scenario. Throws (with every problem,
 * formatted) only if a matrix value is invalid; scenarios from the loader
 * have been expanded once already, so this cannot happen for them.
 */
export function expandMatrix(s: Scenario): ExpandedScenario[] {
  const result = expandMatrixFromRaw(s, `<scenario ${s.name}>`, nowhere);
  if (!result.ok) throw new Error(result.errors.map(formatDiagnostic).join('\n'));
  // MTH-01, SSPR-01: as the loader does, each variant as its user meets it.
  return result.scenarios.map((v) => ({ ...forUser(v), variant: v.variant, id: v.id }));
}
