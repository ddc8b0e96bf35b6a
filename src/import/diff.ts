/**
 * `regsim diff before after`: `whatif` on both tenants over the same kinds
 * of user (derived from both sides' policies, so rows line up), keeping only
 * what a user would see change — interrupted or not, the wizard, the gate,
 * the methods and their order, how many, skippable, the URL, the reachable
 * outcomes — each with the rules that explain it on both sides.
 */
import type { AskingPolicy, Reason, Trigger } from '../domain/policy.ts';
import type { RuleId } from '../domain/rules.ts';
import type { Tenant } from '../scenario/schema.ts';
import { placesFor, populations, type Populations } from './populations.ts';
import { heldMethodIn, rowsFor, tapIn, type Holding, type Row, type WhatIfOptions } from './whatif.ts';

export const COMPARED = ['interrupted', 'wizard', 'gate', 'offered', 'choices', 'required', 'skippable', 'url', 'outcomes'] as const;
export type ComparedField = (typeof COMPARED)[number];

/** Which reasons explain a field. */
const PARTS: Record<ComparedField, readonly Reason['part'][]> = {
  interrupted: ['trigger'], wizard: ['wizard', 'trigger'], gate: ['gate'], offered: ['methods'], choices: ['methods'],
  required: ['count'], skippable: ['skip'], url: ['url', 'wizard'], outcomes: ['wizard', 'gate', 'methods'],
};

export interface FieldChange { field: ComparedField; before: unknown; after: unknown }

export interface Change {
  population: string;
  place: string;
  /** `nothing`, the MFA method the user holds on both sides, or a Temporary Access Pass (at home, for a guest). */
  holds: Holding;
  guest: boolean;
  client: string;
  /** Why the user is interrupted, on each side. */
  trigger: { before: Trigger | null; after: Trigger | null };
  /** The Conditional Access policies that asked, on each side (INT-01). */
  askedBy: { before: AskingPolicy[]; after: AskingPolicy[] };
  fields: FieldChange[];
  rules: { before: RuleId[]; after: RuleId[] };
  /** The policy's reasons behind the changed fields that one side gives and the other does not, each with its rules. */
  reasons: { before: string[]; after: string[] };
  /** The row's notes (whatif's caveats) that one side has and the other has not: "no Temporary Access Pass can be issued …". */
  notes: { before: string[]; after: string[] };
}

export interface TenantDiff {
  before: string;
  after: string;
  rows: number;
  changes: Change[];
  populations: Omit<Populations, 'populations'> & { shown: number };
}

/** Both tenants' rows hold the same method (`held` below), so the method names the row. */
const keyOf = (r: Row) => JSON.stringify([r.populationId, r.place, r.holds, r.clientId]);

/** A trigger reason naming a policy that asked: the change's `askedBy` says it already. */
const namesAsker = (r: Row, x: Reason): boolean => x.part === 'trigger' && r.askedBy.some((a) => x.text.includes(`"${a.policy}"`));
/** `r`'s reasons for the parts of the decision `fields` show. */
const reasonsFor = (r: Row | undefined, fields: readonly FieldChange[]): Reason[] => {
  const parts = new Set(fields.flatMap((f) => PARTS[f.field]));
  return r ? r.reasons.filter((x) => parts.has(x.part)) : [];
};
const rulesFor = (r: Row | undefined, fields: readonly FieldChange[]): RuleId[] =>
  [...new Set(reasonsFor(r, fields).flatMap((x) => x.rules))].sort();
const said = (x: Reason) => `${x.text} (${x.rules.join(' ')})`;
/** What one side says that the other does not. */
const lacking = (ours: readonly string[], theirs: readonly string[]): string[] => ours.filter((t) => !theirs.includes(t));
/** What `r` gives as a reason for `fields` that `other` does not. */
const reasonsOnly = (r: Row | undefined, other: Row | undefined, fields: readonly FieldChange[]): string[] =>
  lacking(reasonsFor(r, fields).filter((x) => !namesAsker(r!, x)).map(said), reasonsFor(other, fields).map(said));
/** A row's notes: the caveats and what a report-only policy would change if enforced. */
const notesOf = (r: Row | undefined): string[] => (r ? [...r.caveats, ...r.reportOnly] : []);
/** `r`'s notes that `other` lacks. */
const only = (r: Row | undefined, other: Row | undefined): string[] => lacking(notesOf(r), notesOf(other));

const ABSENT: Pick<Row, ComparedField> = { interrupted: false, wizard: 'none', gate: 'open', offered: [], choices: [], required: 0, skippable: false, url: null, outcomes: [] };

export function diffTenants(before: Tenant, after: Tenant, given: WhatIfOptions): TenantDiff {
  // [A] The guests' home is one tenant, the same on both sides: a change to this tenant's methods is not a change at home.
  const opts: WhatIfOptions = { ...given, homeLike: given.homeLike ?? before };
  const pops = populations([before, after], opts.maxPopulations);
  const places = (p: { who: Parameters<typeof placesFor>[0] }) => placesFor(p.who, [before, after]);
  // Like with like: the user holding a method before still holds it after, though the change may stop it from being used (MTH-06).
  const held = (p: (typeof pops.populations)[number], place: Parameters<typeof heldMethodIn>[2]) =>
    heldMethodIn(before, p, place, opts) ?? heldMethodIn(after, p, place, opts);
  // A pass either side can issue: where the other cannot, its holder starts with nothing there (whatif.ts).
  const withTap = (p: (typeof pops.populations)[number], place: Parameters<typeof tapIn>[2]) =>
    tapIn(before, p, place, opts) || tapIn(after, p, place, opts);
  const a = rowsFor(before, pops.populations, opts, places, held, withTap);
  const b = rowsFor(after, pops.populations, opts, places, held, withTap);
  const afterByKey = new Map(b.map((r) => [keyOf(r), r]));
  const beforeKeys = new Set(a.map(keyOf));
  const changes: Change[] = [];
  const compare = (x: Row | undefined, y: Row | undefined) => {
    const ref = (x ?? y)!;
    // The gate is met on the way into security info: a user interrupted on neither side never reaches it.
    const seesGate = Boolean(x?.interrupted || y?.interrupted);
    const fields = COMPARED.filter((f) => seesGate || f !== 'gate').flatMap((f): FieldChange[] => {
      const bv = (x ?? ABSENT)[f];
      const av = (y ?? ABSENT)[f];
      return JSON.stringify(bv) === JSON.stringify(av) ? [] : [{ field: f, before: bv, after: av }];
    });
    if (!fields.length) return;
    changes.push({
      population: ref.population, place: ref.place, holds: ref.holds, guest: ref.flow === 'b2bMfaTrust', client: ref.client,
      trigger: { before: x?.trigger ?? null, after: y?.trigger ?? null }, askedBy: { before: x?.askedBy ?? [], after: y?.askedBy ?? [] }, fields, rules: { before: rulesFor(x, fields), after: rulesFor(y, fields) },
      reasons: { before: reasonsOnly(x, y, fields), after: reasonsOnly(y, x, fields) },
      notes: { before: only(x, y), after: only(y, x) },
    });
  };
  for (const r of a) compare(r, afterByKey.get(keyOf(r)));
  for (const r of b) if (!beforeKeys.has(keyOf(r))) compare(undefined, r);
  return {
    before: before.name, after: after.name, rows: a.length, changes,
    populations: { total: pops.total, truncated: pops.truncated, shown: pops.populations.length },
  };
}
