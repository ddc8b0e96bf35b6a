/**
 * Audit rows of the Authentication Methods service (AUD-01..09), with the
 * exact Activity / Status / Reason strings of the troubleshooting article.
 */
import { DEFAULT_OPTIONS, type DefaultOptionId } from './defaultOptions.ts';
import { METHODS, type MethodId } from './methods.ts';

export interface AuditRow {
  rule: AuditRuleId;
  service: 'Authentication Methods';
  activity: string;
  status: 'Success' | 'Failure';
  reason: string;
}

export type AuditRuleId = `AUD-0${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;

const auditRow = (rule: AuditRuleId, activity: string, status: AuditRow['status'], reason: string): AuditRow =>
  Object.freeze({ rule, service: 'Authentication Methods', activity, status, reason });

/**
 * Every row is one of a fixed few (nine rules, by method or option), made
 * once and frozen: a row written twice is the same object, so comparing and
 * sharing rows — a model check does both on every transition — is comparing
 * references.
 */
function once<K>(make: (k: K) => AuditRow): (k: K) => AuditRow {
  const made = new Map<K, AuditRow>();
  return (k) => {
    let row = made.get(k);
    if (!row) made.set(k, (row = make(k)));
    return row;
  };
}

/** The same row: the same object, or (a row made elsewhere, as a test's hand-written log) the same fields. */
export const sameRow = (x: AuditRow, y: AuditRow): boolean => x === y
  || (x.rule === y.rule && x.service === y.service && x.activity === y.activity && x.status === y.status && x.reason === y.reason);

/** Two lists of rows with the same rows in the same order. */
export function sameRows(a: readonly AuditRow[], b: readonly AuditRow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRow(a[i]!, b[i]!)) return false;
  return true;
}

const REGISTERED_ALL = 'User registered all required security info';
const REGISTERED = 'User registered security info';
const REVIEWED = 'User reviewed security info';
const DELETED = 'User deleted security info';
const CHANGED_DEFAULT = 'User changed default security info';

const name = (m: MethodId): string => METHODS[m].auditName;

/**
 * AUD-08/09 name the default sign-in option, not the method: "Authenticator
 * app notification, A code from my authenticator app or token, Call +X
 * XXXXXXXXXX, Text a code to +X XXXXXXXXX" [T] (the options' catalogue,
 * MTH-04). regsim has no real numbers, so phones keep the seed's placeholder.
 */
const optionName = (o: DefaultOptionId): string => DEFAULT_OPTIONS[o].auditName;

/** AUD-01: the wizard finished. */
const REGISTERED_ALL_ROW = auditRow('AUD-01', REGISTERED_ALL, 'Success', 'User registered all required security info.');
export const registeredAll = (): AuditRow => REGISTERED_ALL_ROW;
/** AUD-02: the user canceled the interrupt wizard (INT-10). */
const CANCELED_ROW = auditRow('AUD-02', REGISTERED_ALL, 'Failure', 'User canceled security info registration.');
export const registrationCanceled = (): AuditRow => CANCELED_ROW;
/** AUD-03: one method registered (INT-11). */
export const methodRegistered = once((m: MethodId) => auditRow('AUD-03', REGISTERED, 'Success', `User registered ${name(m)}.`));
/** AUD-04: "Looks good" on the review page (REF-02). */
const REVIEWED_ROW = auditRow('AUD-04', REVIEWED, 'Success', 'User successfully reviewed security info.');
export const reviewed = (): AuditRow => REVIEWED_ROW;
/** AUD-05: "Looks good", but the backend failed (REF-02). */
const REVIEW_FAILED_ROW = auditRow('AUD-05', REVIEWED, 'Failure', 'User failed to review security info.');
export const reviewFailed = (): AuditRow => REVIEW_FAILED_ROW;
/** AUD-06 (MNG-04). */
export const methodDeleted = once((m: MethodId) => auditRow('AUD-06', DELETED, 'Success', `User deleted ${name(m)}.`));
/** AUD-07 (MNG-04). */
export const deleteFailed = once((m: MethodId) => auditRow('AUD-07', DELETED, 'Failure', `User failed to delete ${name(m)}.`));
/** AUD-08 (MNG-05). */
export const defaultChanged = once((o: DefaultOptionId) =>
  auditRow('AUD-08', CHANGED_DEFAULT, 'Success', `User changed the default security info for ${optionName(o)}.`));
/** AUD-09 (MNG-05). */
export const defaultChangeFailed = once((o: DefaultOptionId) =>
  auditRow('AUD-09', CHANGED_DEFAULT, 'Failure', `User failed to change the default security info for ${optionName(o)}.`));

/** One line per row, as the audit log shows it. */
export const formatAuditRow = (r: AuditRow): string => `${r.activity} | ${r.status} | ${r.reason}`;
