/**
 * Fragments are plain state configs shared by several machines. Each host's
 * `setup()` types differ (its actions, delays), and XState's config types are
 * invariant in them, so a fragment is typed loosely here; the tests create
 * every machine and walk every transition, which resolves each guard and
 * action name a fragment uses against its host.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StateFragment = any;

/** A transition a host passes to a fragment: where an outcome goes, and what it records. */
export type Exit = { target: string; actions?: string | readonly string[] };
