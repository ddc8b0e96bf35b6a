/**
 * The generated `docs/` folder: for every machine `docs/<machine>.md`, its
 * full drawing `docs/<machine>.svg` and its overview (depth 1) as
 * `docs/<machine>-overview.svg` and `.png` for docs sites that draw no
 * Mermaid; `docs/rules.md`, the traceability page; `docs/catalogue.md`, the
 * catalogue of words; and `docs/README.md` linking them. Checked in;
 * test/export.test.ts regenerates it in memory and fails when the checked-in
 * copy differs (CI fails if stale). Run `npx tsx src/export/writeDocs.ts`
 * (`npm run docs`) after changing a machine or a rule summary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINES } from '../../machines/index.ts';
import { loadAll } from '../cli/loadAll.ts';
import { toDot } from './dot.ts';
import { cataloguePage } from './cataloguePage.ts';
import { CATALOGUE_PAGE, OVERVIEW_DEPTH, docsIndex, machinePage, type IndexEntry } from './markdown.ts';
import { machineModel } from './model.ts';
import { renderPng } from './png.ts';
import { ruleTraces, rulesPage } from './rulesPage.ts';
import { renderSvg } from './svg.ts';
import { invokedAsScript } from '../invokedAsScript.ts';

export const DOCS_DIR = 'docs';

export interface DocFile {
  /** File name inside the docs folder. */
  name: string;
  content: string | Buffer;
}

/** The scenarios the rules page traces. */
export const SCENARIOS_DIR = 'scenarios';

/** Every file of the docs folder, in a fixed order: the index, then each machine's page and drawing. */
export function docsFiles(): DocFile[] {
  const entries: IndexEntry[] = Object.values(MACHINES).map(({ flow, title, machine }) =>
    ({ flow, title, model: machineModel(machine), page: `${flow}.md`, svg: `${flow}.svg` }));
  const files: DocFile[] = [{ name: 'README.md', content: docsIndex(entries) }];
  for (const e of entries) {
    const overview = { svg: `${e.flow}-overview.svg`, png: `${e.flow}-overview.png` };
    const overviewSvg = renderSvg(toDot(e.model, { title: `${e.title}: overview`, depth: OVERVIEW_DEPTH, key: true }));
    files.push({ name: e.page, content: machinePage(e, { svg: e.svg, overview }) });
    files.push({ name: e.svg!, content: renderSvg(toDot(e.model, { title: e.title, key: true })) });
    files.push({ name: overview.svg, content: overviewSvg });
    files.push({ name: overview.png, content: renderPng(overviewSvg) });
  }
  files.push({ name: CATALOGUE_PAGE, content: cataloguePage(Object.values(MACHINES).map((m) => m.machine)) });
  files.push({ name: 'rules.md', content: rulesPage(ruleTraces(loadAll([SCENARIOS_DIR]).scenarios)) });
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
