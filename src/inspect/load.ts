/**
 * The one scenario an inspector session runs: a single file, loaded and
 * checked like `regsim run` does (file:line:col diagnostics), and for a
 * matrix the variant asked for (1-based) or the first.
 */
import { statSync } from 'node:fs';
import { loadAll } from '../cli/loadAll.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { LoadLimits } from '../scenario/limits.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';

export type InspectErrorKind = 'usage' | 'scenario' | 'port';

/** Why an inspector could not start; `diagnostics` for a scenario that does not load. */
export class InspectError extends Error {
  constructor(
    readonly kind: InspectErrorKind,
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

export interface InspectScenario {
  file: string;
  scenario: ExpandedScenario;
  /** 1-based. */
  variant: number;
  variants: number;
  warnings: Diagnostic[];
}

export function loadInspectScenario(file: string, variant?: number, limits?: LoadLimits): InspectScenario {
  let directory = false;
  try {
    directory = statSync(file).isDirectory();
  } catch {
    // A missing file is reported by the loader, with its position.
  }
  if (directory) throw new InspectError('usage', `inspect takes one scenario file, not a directory ("${file}")`);
  const loaded = loadAll([file], limits);
  if (loaded.errors.length) throw new InspectError('scenario', `${file} does not load`, loaded.errors);
  if (loaded.scenarios.length === 0) throw new InspectError('usage', `${file} holds no scenario`);
  const n = variant ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > loaded.scenarios.length) {
    throw new InspectError('usage', `--variant must be 1..${loaded.scenarios.length} for ${file} (got ${variant})`);
  }
  return { file, scenario: loaded.scenarios[n - 1]!.scenario, variant: n, variants: loaded.scenarios.length, warnings: loaded.warnings };
}
