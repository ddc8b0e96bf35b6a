/**
 * The audit log a snapshot carries: every flow that writes rows keeps them in
 * its context (`audit`, machines/context.ts); a flow that writes none has no
 * log. One reader for the runner, the inspector, exploring, the checker and
 * `regsim/testing`.
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { AuditRow } from '../domain/audit.ts';

// Shared by every snapshot without a log: read-only, so no caller can write into another's.
const NO_LOG: readonly AuditRow[] = [];

export const auditLogOf = (s: AnyMachineSnapshot): readonly AuditRow[] => (s.context as { audit?: readonly AuditRow[] }).audit ?? NO_LOG;
