/**
 * `npm run build` (and `prepare`, so `npm install` builds): the CLI bundled
 * ahead of time with esbuild into `dist/`, so `regsim` starts without
 * compiling TypeScript, or resolving some two hundred files of zod, yaml and
 * xstate, on every run. Commands that load a lot only for themselves
 * (diagram, inspect) stay separate chunks, loaded on demand.
 * The output depends only on the sources: the same input builds the same
 * bytes (chunk names are content hashes), and `dist/` is not checked in.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { invokedAsScript } from './invokedAsScript.ts';
import { packageRoot } from './packageRoot.ts';
import pkg from '../package.json' with { type: 'json' };

/** The packages bundled with regsim's code; every other dependency is left for Node to load when asked. */
const BUNDLED = new Set(['xstate', 'zod', 'yaml', 'tinyglobby']);

/** The inspector's page, read next to the code that serves it. */
const INSPECTOR_ASSETS = ['page.html', 'page.css', 'page.js', 'stately.html', 'stately.css', 'stately.js'];

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

/** The build exists and is newer than every source: what `bin/regsim.js` asks before running it. */
export function buildIsCurrent(root = packageRoot()): boolean {
  const built = join(root, 'dist/cli.js');
  return existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(join(root, 'src')), newest(join(root, 'machines')));
}

export async function buildCli(root = packageRoot()): Promise<void> {
  const outdir = join(root, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Only the big packages every command loads are bundled (xstate, zod, yaml, the glob matcher); the rest
    // stays in node_modules — Graphviz (WebAssembly) and the Stately bridge load only for diagram and
    // inspect, the PNG renderer is a native addon, and jsonc-parser's build loads its own files.
    external: Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d)),
    // Bundled CommonJS packages (yaml) still call require().
    banner: { js: "import { createRequire as __regsimRequire } from 'node:module'; const require = __regsimRequire(import.meta.url);" },
    chunkNames: '[name]-[hash]',
    legalComments: 'none',
    // Smaller to parse at every start; identifiers keep their names, so a bug report's stack still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  for (const a of INSPECTOR_ASSETS) copyFileSync(join(root, 'src/inspect', a), join(outdir, a));
  // The library (`import … from 'regsim'`, `regsim/testing`) as JavaScript, so plain `node` loads it. Every
  // package stays external: a user's project and regsim then share one xstate, and the machines it exports
  // run on the actors the user's own xstate creates.
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts', testing: 'src/testing.ts' },
    outdir: join(outdir, 'lib'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: '[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (invokedAsScript(import.meta.url)) await buildCli();
