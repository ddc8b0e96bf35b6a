/** `regsim validate`: schema, semantic and machine checks, and a replay of each walk's steps, with file:line:col. */
import { plural } from '../../machines/catalogue/plural.ts';
import { formatDiagnostic, type Diagnostic } from '../scenario/diagnostics.ts';
import type { LoadLimits } from '../scenario/limits.ts';
import { loadAll, type Loaded } from './loadAll.ts';
import { UsageError, green, red } from './output.ts';

/** Diagnostics as a reader meets them: by file, then line and column (the sort is stable). */
const inFileOrder = (ds: Diagnostic[]): Diagnostic[] =>
  [...ds].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col);

/** Exit 1 when a file fails; 2, as for every command, when a path names nothing to validate. */
const failedCode = (l: Loaded): number => (l.unnamed.length ? 2 : 1);

export function validateCommand(paths: string[], json: boolean, limits?: LoadLimits): number {
  if (paths.length === 0) throw new UsageError('validate needs scenario files or directories, e.g. `regsim validate scenarios/`');
  const loaded = loadAll(paths, limits, { replay: true });
  if (json) {
    process.stdout.write(`${JSON.stringify({ files: loaded.files, scenarios: loaded.scenarios.length, errors: loaded.errors, warnings: loaded.warnings }, null, 2)}\n`);
    return loaded.errors.length ? failedCode(loaded) : 0;
  }
  for (const d of inFileOrder([...loaded.errors, ...loaded.warnings])) process.stdout.write(`${formatDiagnostic(d)}\n`);
  if (loaded.errors.length) {
    const warned = loaded.warnings.length ? `, ${plural(loaded.warnings.length, 'warning')}` : '';
    process.stdout.write(red(`\n${plural(loaded.errors.length, 'error')}${warned} in ${plural(loaded.files, 'file')}\n`));
    return failedCode(loaded);
  }
  process.stdout.write(green(`${plural(loaded.files, 'file')}, ${plural(loaded.scenarios.length, 'scenario')}: valid`) + (loaded.warnings.length ? ` (${plural(loaded.warnings.length, 'warning')})` : '') + '\n');
  return 0;
}
