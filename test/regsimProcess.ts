/**
 * The real `regsim` command, spawned as a user runs it
 * (`node --import tsx src/cli.ts …`, cwd the repo, NO_COLOR=1). Output is
 * decoded as one UTF-8 stream: decoding each chunk on its own splits
 * multi-byte characters (→, ⇒, ✓) that straddle a pipe boundary.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Result { code: number | null; stdout: string; stderr: string }

export function regsim(...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
