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
  ({ rule, service: 'Authentication Methods', activity, status, reason });

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
export const registeredAll = (): AuditRow =>
  auditRow('AUD-01', REGISTERED_ALL, 'Success', 'User registered all required security info.');
/** AUD-02: the user canceled the interrupt wizard (INT-10). */
export const registrationCanceled = (): AuditRow =>
  auditRow('AUD-02', REGISTERED_ALL, 'Failure', 'User canceled security info registration.');
/** AUD-03: one method registered (INT-11). */
export const methodRegistered = (m: MethodId): AuditRow =>
  auditRow('AUD-03', REGISTERED, 'Success', `User registered ${name(m)}.`);
/** AUD-04: "Looks good" on the review page (REF-02). */
export const reviewed = (): AuditRow =>
  auditRow('AUD-04', REVIEWED, 'Success', 'User successfully reviewed security info.');
/** AUD-05: "Looks good", but the backend failed (REF-02). */
export const reviewFailed = (): AuditRow =>
  auditRow('AUD-05', REVIEWED, 'Failure', 'User failed to review security info.');
/** AUD-06 (MNG-04). */
export const methodDeleted = (m: MethodId): AuditRow =>
  auditRow('AUD-06', DELETED, 'Success', `User deleted ${name(m)}.`);
/** AUD-07 (MNG-04). */
export const deleteFailed = (m: MethodId): AuditRow =>
  auditRow('AUD-07', DELETED, 'Failure', `User failed to delete ${name(m)}.`);
/** AUD-08 (MNG-05). */
export const defaultChanged = (o: DefaultOptionId): AuditRow =>
  auditRow('AUD-08', CHANGED_DEFAULT, 'Success', `User changed the default security info for ${optionName(o)}.`);
/** AUD-09 (MNG-05). */
export const defaultChangeFailed = (o: DefaultOptionId): AuditRow =>
  auditRow('AUD-09', CHANGED_DEFAULT, 'Failure', `User failed to change the default security info for ${optionName(o)}.`);

/** One line per row, as the audit log shows it. */
export const formatAuditRow = (r: AuditRow): string => `${r.activity} | ${r.status} | ${r.reason}`;
