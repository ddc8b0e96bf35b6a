/**
 * Loads every scenario file named on the command line, matrices expanded.
 * A file that does not load is isolated, as vitest isolates a test file that
 * does not compile: it becomes a failure entry with its diagnostics, and
 * every other file still loads and runs.
 */
import { collectScenarioFiles, loadScenarioFile } from '../scenario/load.ts';
import { dedupeDiagnostics, type Diagnostic } from '../scenario/diagnostics.ts';
import { DEFAULT_LIMITS, type LoadLimits } from '../scenario/limits.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';
import { isTenantFile, loadTenantFile } from '../scenario/tenantFile.ts';
import { machineDiagnostics } from '../simulate/machineChecks.ts';
import { UsageError } from './output.ts';

/** A file (or a path or pattern) that gave no scenario, with why, in file order. */
export interface FileFailure {
  file: string;
  errors: Diagnostic[];
}

export interface Loaded {
  scenarios: Array<{ file: string; scenario: ExpandedScenario }>;
  /** Every file that does not load, with its errors. */
  failed: FileFailure[];
  /** Every error of every failed file, flat. */
  errors: Diagnostic[];
  warnings: Diagnostic[];
  files: number;
  /** Paths given that name no file: missing, unreadable, or naming no scenario file. */
  unnamed: string[];
}

/**
 * Every file named on the command line, loaded. When the paths name no
 * scenario file at all (a mistyped directory, an empty one, a pattern that
 * matches nothing) that is a usage error: "0 passed" must never pass CI.
 * `replay`: also walk each scenario's steps and report a step its machine
 * refuses, with why (`validate`).
 */
export function loadAll(paths: readonly string[], limits: LoadLimits = DEFAULT_LIMITS, options: { replay?: boolean } = {}): Loaded {
  const collected = collectScenarioFiles(paths);
  if (collected.files.length === 0 && collected.empty.length > 0) {
    throw new UsageError(`no scenario files in ${collected.empty.join(', ')} (looked for *.yaml and *.yml)`);
  }
  const out: Loaded = { scenarios: [], failed: [], errors: [], warnings: [], files: collected.files.length, unnamed: [...new Set(collected.errors.map((d) => d.file))] };
  const fail = (file: string, errors: Diagnostic[]) => {
    out.failed.push({ file, errors });
    out.errors.push(...errors);
  };
  for (const d of collected.errors) fail(d.file, [d]);
  for (const file of collected.files) {
    // Issue 11: a tenant file is validated as one; it holds no scenario to run.
    if (isTenantFile(file)) {
      const t = loadTenantFile(file, limits);
      if (t.ok) out.warnings.push(...t.warnings);
      else {
        out.warnings.push(...t.errors.filter((d) => d.severity === 'warning'));
        fail(file, t.errors.filter((d) => d.severity !== 'warning'));
      }
      continue;
    }
    const r = loadScenarioFile(file, limits);
    if (!r.ok) {
      // A file that fails can carry warnings too: each counts as what it is.
      out.warnings.push(...r.errors.filter((d) => d.severity === 'warning'));
      const more = r.withoutUnknown ? machineDiagnostics(r.withoutUnknown.variants, file, r.withoutUnknown.locate, options) : [];
      fail(file, [...r.errors.filter((d) => d.severity !== 'warning'), ...more]);
      continue;
    }
    out.warnings.push(...r.warnings);
    // A matrix repeats its base's problems: each is reported once, with the variants it holds for.
    const machineErrors = machineDiagnostics(r.variants, file, r.locate, options);
    if (machineErrors.length) {
      fail(file, machineErrors);
      continue;
    }
    for (const scenario of r.variants) out.scenarios.push({ file, scenario });
  }
  out.failed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  // Scenarios sharing a broken tenant file would each repeat its diagnostics.
  out.errors = dedupeDiagnostics(out.errors);
  out.warnings = dedupeDiagnostics(out.warnings);
  return out;
}

/** One line for a failed file in a table or summary: `2 errors, first: 3:1 unknown field "tenat"`. */
export function describeFailure(f: FileFailure): string {
  const first = f.errors[0];
  const n = f.errors.length;
  return `does not load: ${n} error${n === 1 ? '' : 's'}${first ? `, first at ${first.line}:${first.col}: ${first.message}` : ''}`;
}
