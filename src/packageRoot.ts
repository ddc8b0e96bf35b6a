/**
 * Files of the package itself (machine sources, the scenario schema), found
 * from this module whether it runs from `src/` through tsx or from the build
 * in `dist/`, where paths relative to the module no longer lead there.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding regsim's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'machines'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`regsim's package root is not above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return (root = dir);
}

/** `machines/interrupt.machine.ts` → its absolute path in the package. */
export const packageFile = (relative: string): string => join(packageRoot(), relative);
