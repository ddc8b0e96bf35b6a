/**
 * The command boundary: an error that escapes a machine or the policy engine
 * is a bug in regsim, not bad input the loader missed. It is caught per
 * scenario, reported with the scenario's file and name, and the command goes
 * on with the others and exits 2 — never a stack trace, never a half-written
 * document.
 */
import { GraphTooLarge } from '../paths/graph.ts';

export interface InternalError {
  file: string;
  scenario: string;
  message: string;
  /** A limit regsim keeps on purpose (a state graph above the cap), not a bug. */
  refused?: boolean;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: InternalError };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const caught = (file: string, scenario: string, e: unknown): InternalError =>
  ({ file, scenario, message: messageOf(e), ...(e instanceof GraphTooLarge ? { refused: true } : {}) });

export function attempt<T>(file: string, scenario: string, run: () => T): Attempt<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    return { ok: false, error: caught(file, scenario, e) };
  }
}

export async function attemptAsync<T>(file: string, scenario: string, run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    return { ok: false, error: caught(file, scenario, e) };
  }
}

/** One line on stderr: which scenario, what went wrong, and that it is regsim's fault. */
export const formatInternalError = (e: InternalError): string =>
  (e.refused
    ? `${e.file}: scenario "${e.scenario}" not explored: ${e.message}`
    : `${e.file}: internal error in scenario "${e.scenario}": ${e.message} (a bug in regsim: please report it with this file)`);
