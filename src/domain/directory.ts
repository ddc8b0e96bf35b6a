/**
 * Who a user is in the directory, and whether a policy's reference (a user,
 * group, role, guest type or external tenant, by id or by name) names them.
 * Per-method targets (MTH-01), Conditional Access assignments (INT-01,
 * GATE-02), the SSPR group (SSPR-01) and the administrator policy (SSPR-05)
 * all ask these questions, so they are answered once, here.
 */
import { findRole, roleKey } from './directoryRoles.ts';
import { GUEST_TYPES, type Directory, type GuestType } from '../scenario/tenantSchema.ts';
import type { Scenario } from '../scenario/schema.ts';

export interface Who {
  type: 'member' | 'guest';
  /** Graph's guestOrExternalUserTypes value for the user; null for a member of the tenant. */
  guestType: GuestType | null;
  id: string | undefined;
  name: string;
  groups: readonly string[];
  /** Role template ids where known (`roleKey`). */
  roles: readonly string[];
  /** A guest's home tenant (B2B), by id and name. */
  home: { id: string | undefined; name: string } | null;
}

const EMPTY_DIRECTORY: Directory = { groups: {}, users: {}, roles: {}, applications: {} };

/** The user of a scenario as the resource tenant sees them. */
export function whoOf(s: Scenario): Who {
  const u = s.user;
  const roles = [...u.roles, ...(u.adminRole !== 'none' ? [u.adminRole] : [])].map(roleKey);
  return {
    type: u.type,
    guestType: u.guestType ?? (u.type === 'guest' ? 'b2bCollaborationGuest' : null),
    id: u.id, name: u.name, groups: u.groups, roles: [...new Set(roles)],
    home: u.home ? { id: u.home.id, name: u.home.name } : null,
  };
}

/** The same user in their home tenant, where they are a member (B2B-03) whose memberships regsim does not know. */
export function whoAtHome(s: Scenario): Who {
  return { type: 'member', guestType: null, id: s.user.id, name: s.user.name, groups: [], roles: [], home: null };
}

/** A reference names `value` directly, or through the directory's id → name map. */
function sameObject(names: Record<string, string>, ref: string, value: string): boolean {
  return ref === value || names[ref] === value || names[value] === ref;
}

export const inGroup = (who: Who, ref: string, dir: Directory = EMPTY_DIRECTORY): boolean =>
  who.groups.some((g) => sameObject(dir.groups, ref, g));

export const isUser = (who: Who, ref: string, dir: Directory = EMPTY_DIRECTORY): boolean =>
  sameObject(dir.users, ref, who.name) || (who.id !== undefined && sameObject(dir.users, ref, who.id));

export function holdsRole(who: Who, ref: string, dir: Directory = EMPTY_DIRECTORY): boolean {
  // A tenant may name a role only in its directory (custom roles): resolve that name too.
  const viaDirectory = Object.entries(dir.roles).find(([, name]) => name === ref)?.[0];
  const keys = [roleKey(ref), ...(viaDirectory ? [roleKey(viaDirectory)] : [])];
  return who.roles.some((r) => keys.includes(r));
}

/** SSPR-05: the user holds a role whose holders get the administrator SSPR policy. */
export const isSsprAdministrator = (who: Who): boolean =>
  who.roles.some((r) => findRole(r)?.ssprAdministrator === true);

/** The guest types a condition names: Graph sends one comma-joined string. Unknown names are left out. */
export function parseGuestTypes(types: string | readonly string[]): GuestType[] {
  const list = typeof types === 'string' ? types.split(',') : types;
  return list.map((t) => t.trim()).filter((t): t is GuestType => (GUEST_TYPES as readonly string[]).includes(t));
}

/** Tokens of a guest-type string that are not guest types (for validation). */
export function unknownGuestTypes(types: string | readonly string[]): string[] {
  const list = typeof types === 'string' ? types.split(',') : types;
  return list.map((t) => t.trim()).filter((t) => t !== '' && !(GUEST_TYPES as readonly string[]).includes(t));
}

/** External tenants a guest condition names: `all`, or tenant ids (or names). */
export function fromTenant(who: Who, tenants: 'all' | readonly string[]): boolean {
  if (tenants === 'all') return true;
  const home = who.home;
  return home !== null && tenants.some((t) => t === home.id || t === home.name);
}
