/** Loads every scenario file named on the command line, matrices expanded. */
import { collectScenarioFiles, loadScenarioFile } from '../scenario/load.ts';
import { dedupeDiagnostics, type Diagnostic } from '../scenario/diagnostics.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';
import { checkAgainstMachines } from '../simulate/machineChecks.ts';
import { isTenantFile, loadTenantFile } from '../scenario/tenantFile.ts';

export interface Loaded {
  scenarios: Array<{ file: string; scenario: ExpandedScenario }>;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  files: number;
}

export function loadAll(paths: readonly string[]): Loaded {
  const { files, errors } = collectScenarioFiles(paths);
  const out: Loaded = { scenarios: [], errors: [...errors], warnings: [], files: files.length };
  for (const file of files) {
    // Issue 11: a tenant file is validated as one; it holds no scenario to run.
    if (isTenantFile(file)) {
      const t = loadTenantFile(file);
      if (t.ok) out.warnings.push(...t.warnings);
      else for (const d of t.errors) (d.severity === 'warning' ? out.warnings : out.errors).push(d);
      continue;
    }
    const r = loadScenarioFile(file);
    if (!r.ok) {
      // A file that fails can carry warnings too: each counts as what it is.
      for (const d of r.errors) (d.severity === 'warning' ? out.warnings : out.errors).push(d);
      continue;
    }
    out.warnings.push(...r.warnings);
    const machineErrors = r.variants.flatMap((v) => checkAgainstMachines(v, file, r.locate));
    if (machineErrors.length) { out.errors.push(...machineErrors); continue; }
    for (const scenario of r.variants) out.scenarios.push({ file, scenario });
  }
  // Scenarios sharing a broken tenant file would each repeat its diagnostics.
  out.errors = dedupeDiagnostics(out.errors);
  out.warnings = dedupeDiagnostics(out.warnings);
  return out;
}
