/**
 * The generated `docs/` folder: `docs/<machine>.md` and `docs/<machine>.svg`
 * for every machine, `docs/catalogue.md` (the catalogue of words), and
 * `docs/README.md` linking them. Checked in;
 * test/export.test.ts regenerates it in memory and fails when the checked-in
 * copy differs (CI fails if stale). Run `npx tsx src/export/writeDocs.ts`
 * (`npm run docs`) after changing a machine or a rule summary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINES } from '../../machines/index.ts';
import { toDot } from './dot.ts';
import { cataloguePage } from './cataloguePage.ts';
import { CATALOGUE_PAGE, docsIndex, machinePage, type IndexEntry } from './markdown.ts';
import { machineModel } from './model.ts';
import { renderSvg } from './svg.ts';
import { invokedAsScript } from '../invokedAsScript.ts';

export const DOCS_DIR = 'docs';

export interface DocFile {
  /** File name inside the docs folder. */
  name: string;
  content: string;
}

/** Every file of the docs folder, in a fixed order: the index, then each machine's page and drawing. */
export function docsFiles(): DocFile[] {
  const entries: IndexEntry[] = Object.values(MACHINES).map(({ flow, title, machine }) =>
    ({ flow, title, model: machineModel(machine), page: `${flow}.md`, svg: `${flow}.svg` }));
  const files: DocFile[] = [{ name: 'README.md', content: docsIndex(entries) }];
  for (const e of entries) {
    files.push({ name: e.page, content: machinePage(e, { svg: e.svg }) });
    files.push({ name: e.svg!, content: renderSvg(toDot(e.model, { title: e.title })) });
  }
  files.push({ name: CATALOGUE_PAGE, content: cataloguePage(Object.values(MACHINES).map((m) => m.machine)) });
  return files;
}

/** Writes the docs folder; returns the paths written. */
export function writeDocs(dir: string = DOCS_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  return docsFiles().map(({ name, content }) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  });
}

if (invokedAsScript(import.meta.url)) {
  const written = writeDocs(process.argv[2] ?? DOCS_DIR);
  process.stdout.write(`wrote ${written.length} files to ${process.argv[2] ?? DOCS_DIR}/\n`);
}
