import { readFileSync } from 'node:fs';
import { packageFile } from './packageRoot.ts';

/** regsim's version, from its package.json (what `--version` prints and generated files name), wherever this module runs from: src/, dist/ or dist/lib/. */
export const VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
