#!/usr/bin/env node
// The `regsim` command. It runs the CLI as built ahead of time into dist/
// (`npm install` builds it; `npm run build` rebuilds it), which starts several
// times faster than compiling the TypeScript on every run. When the build is
// missing or older than the sources, it says so in one line and runs the
// sources through tsx instead, so an edit is never run stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/cli.js`;

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

const fresh = existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(`${root}src`), newest(`${root}machines`));
if (fresh) {
  await import(built);
} else {
  process.stderr.write(`regsim: ${existsSync(built) ? 'the build in dist/ is older than the sources' : 'no build in dist/'}; running the sources through tsx (\`npm run build\` makes it fast again)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
