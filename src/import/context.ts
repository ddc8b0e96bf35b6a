/**
 * What an import collects while it reads: the tenant it builds, a comment
 * per setting naming the Graph property it came from, the report (every
 * setting read but not simulated, every object skipped, every assumption),
 * and diagnostics for values Graph would not have sent.
 */
import { formatPath, type Diagnostic } from '../scenario/diagnostics.ts';
import type { JsonPath } from './json.ts';
import type { Item } from './sources.ts';

export type ReportKind = 'notSimulated' | 'skipped' | 'assumed';

export interface ReportItem {
  kind: ReportKind;
  file: string;
  line: number;
  col: number;
  /** The Graph property, e.g. `Fido2.isAttestationEnforced`. */
  setting: string;
  value?: unknown;
  why: string;
}

/** A path in the tenant being written: `['authenticationMethods', 'enabled', 0]`. */
export type TenantPath = readonly (string | number)[];

export const pathKey = (p: TenantPath): string => JSON.stringify(p);

export class ImportContext {
  readonly report: ReportItem[] = [];
  readonly errors: Diagnostic[] = [];
  readonly comments = new Map<string, string>();

  /** Records a report line at the object's property `path`. */
  note(item: Item, path: JsonPath, kind: ReportKind, setting: string, why: string, value?: unknown): void {
    this.report.push({ kind, file: item.doc.file, ...item.doc.at([...item.path, ...path]), setting, ...(value !== undefined ? { value } : {}), why });
  }

  /** The comment on a setting of the tenant file: where in Graph it came from. */
  comment(path: TenantPath, text: string): void {
    const k = pathKey(path);
    const before = this.comments.get(k);
    this.comments.set(k, before && before !== text ? `${before}; ${text}` : text);
  }

  /** A value Graph's schema does not allow: a diagnostic naming the file, line and what was expected. */
  invalid(item: Item, path: JsonPath, message: string): void {
    this.errors.push({ file: item.doc.file, ...item.doc.at([...item.path, ...path]), path: formatPath(path), severity: 'error', message });
  }

  /** A Graph boolean: true or false; `null` or absent is unset (undefined); anything else a diagnostic, never a silent false. */
  flag(item: Item, path: JsonPath, value: unknown, what: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    if (value !== null && value !== undefined) this.invalid(item, path, `${JSON.stringify(value)} is not a valid ${what}; expected true or false`);
    return undefined;
  }

  /** `value` is one of `allowed`, else a diagnostic and undefined. */
  oneOf<T extends string>(item: Item, path: JsonPath, value: unknown, allowed: readonly T[], what: string): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.invalid(item, path, `${JSON.stringify(value)} is not a valid ${what}; expected one of: ${allowed.join(', ')}`);
    return undefined;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
/** Graph sends `null` for a setting left unset: treat it as absent. */
export const present = (v: unknown): boolean => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
