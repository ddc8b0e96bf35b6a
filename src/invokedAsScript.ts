/** True when the module at `moduleUrl` is the script Node was started with (`tsx src/x.ts`). */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function invokedAsScript(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
