/**
 * `whatif`'s kinds of user, derived from the policies themselves: every
 * combination of the targets any policy tells apart — membership of each
 * group a policy names, each role it names (and an administrator no policy
 * names, SSPR-05), each user it names, guests by type and home tenant, the
 * sign-in location and application where a policy conditions on them.
 * Combinations that every policy treats alike are one kind, named by what
 * makes it different ("member of 'MFA pilot', no admin role").
 */
import { inGroup, isSsprAdministrator, type Who } from '../domain/directory.ts';
import { DIRECTORY_ROLES, findRole, roleKey } from '../domain/directoryRoles.ts';
import { usersMatch } from '../domain/conditionalAccess.ts';
import { targeted } from '../domain/targets.ts';
import { parseGuestTypes } from '../domain/directory.ts';
import type { Tenant } from '../scenario/schema.ts';
import type { CaAudience, GuestType } from '../scenario/tenantSchema.ts';

export type PopulationKind = 'member' | 'namedUser' | 'localGuest' | 'guest';

export interface Population {
  id: string;
  label: string;
  kind: PopulationKind;
  who: Who;
  location: string;
  application: string | undefined;
}

export interface Populations {
  populations: Population[];
  /** Kinds of user before the cap. */
  total: number;
  truncated: boolean;
}

/** Combinations enumerated before kinds are merged; past this the tenant names too many groups to try them all. */
export const MAX_COMBINATIONS = 1 << 16;

export class TooManyCombinations extends Error {}

interface Candidate {
  kind: PopulationKind;
  who: Who;
  location: string;
  application: string | undefined;
  /** Dimension → value, for naming the kind. */
  attrs: Record<string, string>;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(byCodeUnit);

/** Every reference the tenants' policies make, by kind. */
function references(tenants: readonly Tenant[]) {
  const groups = new Set<string>(); const roles = new Set<string>(); const users = new Set<string>();
  const guestTypes = new Set<GuestType>(); const tenantsNamed = new Set<string>(); const apps = new Set<string>(); const locations = new Set<string>();
  let locationMatters = false;
  const audience = (a: CaAudience | undefined) => {
    if (!a) return;
    a.groups?.forEach((g) => groups.add(g)); a.roles?.forEach((r) => roles.add(roleKey(r))); a.users?.forEach((u) => users.add(u));
    if (a.guestsOrExternalUsers) {
      parseGuestTypes(a.guestsOrExternalUsers.types).forEach((t) => guestTypes.add(t));
      if (a.guestsOrExternalUsers.tenants !== 'all') a.guestsOrExternalUsers.tenants.forEach((t) => tenantsNamed.add(t));
    }
  };
  for (const t of tenants) {
    for (const target of Object.values(t.authenticationMethods.targets ?? {})) {
      if (!target) continue;
      for (const a of [target.include, target.exclude]) { a?.groups?.forEach((g) => groups.add(g)); a?.users?.forEach((u) => users.add(u)); }
    }
    t.sspr.groups?.forEach((g) => groups.add(g));
    for (const p of t.conditionalAccess) {
      if (typeof p.users !== 'string') { audience(p.users.include); audience(p.users.exclude); }
      if (p.exceptTrustedLocations || p.locations) locationMatters = true;
      for (const ref of [...(p.locations?.include ?? []), ...(p.locations?.exclude ?? [])]) if (ref !== 'All' && ref !== 'AllTrusted') locations.add(ref);
      for (const ref of [...(p.applications?.include ?? []), ...(p.applications?.exclude ?? [])]) if (ref !== 'All' && ref !== 'None') apps.add(ref);
    }
    t.crossTenant.partners.forEach((p) => tenantsNamed.add(p.tenantId));
  }
  return { groups: uniq(groups), roles: uniq(roles), users: uniq(users), guestTypes: uniq(guestTypes) as GuestType[], tenants: uniq(tenantsNamed), apps: uniq(apps), locations: uniq(locations), locationMatters };
}

/** Subsets in order of size, then of the list: the first of a kind holds the fewest memberships. */
function subsets<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [[]];
  for (let size = 1; size <= xs.length; size++) {
    const pick = (start: number, acc: T[]) => {
      if (acc.length === size) { out.push(acc); return; }
      for (let i = start; i < xs.length; i++) pick(i + 1, [...acc, xs[i]!]);
    };
    pick(0, []);
  }
  return out;
}

const who = (w: Partial<Who> & Pick<Who, 'type'>): Who =>
  ({ guestType: null, id: undefined, name: 'user', groups: [], roles: [], home: null, ...w });

/** What every tenant decides for this candidate: method targets, policy assignments, SSPR group and role, MFA trust. */
function signature(c: Candidate, tenants: readonly Tenant[]): string {
  return JSON.stringify(tenants.map((t) => {
    const dir = t.directory;
    return [
      Object.entries(t.authenticationMethods.targets ?? {}).map(([, target]) => (target ? targeted(target, c.who, dir) : true)),
      t.conditionalAccess.map((p) => usersMatch(p, c.who, t)),
      t.sspr.groups ? t.sspr.groups.some((g) => inGroup(c.who, g, dir)) : null,
      c.who.type === 'member' ? isSsprAdministrator(c.who) : null,
      c.who.home ? (t.crossTenant.partners.find((p) => p.tenantId === c.who.home!.id)?.trustMfa ?? t.crossTenant.trustMfa) : null,
    ];
  }));
}

function candidates(tenants: readonly Tenant[]): Candidate[] {
  const refs = references(tenants);
  const dir = { groups: Object.assign({}, ...tenants.map((t) => t.directory.groups)) as Record<string, string>, users: Object.assign({}, ...tenants.map((t) => t.directory.users)) as Record<string, string> };
  const locations = ['trusted'];
  const apps: Array<string | undefined> = [undefined];
  // SSPR-05: an administrator whose role no policy names, beside the roles policies name.
  const spare = DIRECTORY_ROLES.find((r) => r.ssprAdministrator && !refs.roles.includes(r.templateId));
  const roles = [null, ...refs.roles, ...(spare ? [spare.templateId] : [])];
  const groupSets = subsets(refs.groups);
  const count = groupSets.length * roles.length;
  if (count > MAX_COMBINATIONS) {
    throw new TooManyCombinations(`the policies name ${refs.groups.length} groups and ${refs.roles.length} roles: ${count} combinations to try, more than ${MAX_COMBINATIONS}`);
  }
  const out: Candidate[] = [];
  const place = (location: string, application: string | undefined) => ({ location, application, attrs: { location, app: application ?? '' } });
  for (const location of locations) {
    for (const application of apps) {
      for (const groups of groupSets) {
        for (const role of roles) {
          const p = place(location, application);
          out.push({
            kind: 'member', ...p, who: who({ type: 'member', name: 'member', groups, roles: role ? [role] : [] }),
            attrs: { ...p.attrs, role: role === null ? '' : role === spare?.templateId ? `spare:${role}` : role, ...Object.fromEntries(refs.groups.map((g) => [`group:${g}`, groups.includes(g) ? 'in' : 'out'])) },
          });
        }
      }
      for (const u of refs.users) {
        const p = place(location, application);
        out.push({ kind: 'namedUser', ...p, who: who({ type: 'member', id: u, name: dir.users[u] ?? u }), attrs: { ...p.attrs, user: u } });
      }
      const p = place(location, application);
      out.push({ kind: 'localGuest', ...p, who: who({ type: 'member', guestType: 'internalGuest', name: 'local guest' }), attrs: { ...p.attrs } });
      const guestTypes = uniq(['b2bCollaborationGuest', ...refs.guestTypes.filter((t) => t !== 'internalGuest')]) as GuestType[];
      for (const guestType of guestTypes) {
        for (const tenant of [...refs.tenants, '']) {
          const q = place(location, application);
          out.push({
            kind: 'guest', ...q, who: who({ type: 'guest', guestType, name: 'guest', home: { id: tenant || undefined, name: tenant ? 'partner' : 'home' } }),
            attrs: { ...q.attrs, guestType, tenant },
          });
        }
      }
    }
  }
  return out;
}

const quote = (s: string) => `'${s}'`;

/** The words for one dimension's values in a kind. */
function describe(dim: string, values: readonly string[], tenants: readonly Tenant[]): string | null {
  const dir = tenants[0]!.directory;
  if (dim.startsWith('group:')) return null; // named together in `label`
  if (values.length !== 1) return dim === 'location' ? `at ${values.map((v) => locationWords(v)).join(' or ')}` : null;
  const v = values[0]!;
  switch (dim) {
    case 'role': {
      if (v === '') return 'no admin role';
      if (v.startsWith('spare:')) return `${findRole(v.slice(6))?.displayName ?? v} (an SSPR-05 administrator no policy names)`;
      const role = findRole(v);
      return `${role?.displayName ?? dir.roles[v] ?? v}${role?.ssprAdministrator ? ' (SSPR-05 administrator)' : ''}`;
    }
    case 'location': return `at ${locationWords(v)}`;
    case 'app': return v === '' ? 'opening an app no policy names' : `opening ${quote(dir.applications[v] ?? v)}`;
    case 'tenant': {
      const trust = (t: Tenant) => (v === '' ? t.crossTenant.trustMfa : t.crossTenant.partners.find((p) => p.tenantId === v)?.trustMfa ?? t.crossTenant.trustMfa);
      const trusts = uniq(tenants.map((t) => (trust(t) ? 'on' : 'off')));
      return `${v === '' ? 'from any other tenant' : `from partner ${v}`} (MFA trust ${trusts.join(' → ')})`;
    }
    case 'guestType': return null;
    default: return null;
  }
  function locationWords(l: string): string {
    if (l === 'trusted') return 'a trusted location';
    if (l === 'untrusted') return 'an untrusted location';
    return quote(tenants.flatMap((t) => t.namedLocations).find((n) => n.id === l)?.name ?? l);
  }
}

function label(kind: PopulationKind, members: readonly Candidate[], all: readonly Candidate[], tenants: readonly Tenant[]): string {
  const varying = (dim: string) => new Set(all.filter((c) => c.kind === kind).map((c) => c.attrs[dim] ?? '')).size > 1;
  const valuesOf = (dim: string) => uniq(members.map((c) => c.attrs[dim] ?? ''));
  const groupName = (g: string) => quote(tenants.map((t) => t.directory.groups[g]).find(Boolean) ?? g);
  const dims = Object.keys(members[0]!.attrs).filter(varying);
  const groups = dims.filter((d) => d.startsWith('group:'));
  const inAll = groups.filter((d) => valuesOf(d).length === 1 && valuesOf(d)[0] === 'in').map((d) => groupName(d.slice(6)));
  const outAll = groups.filter((d) => valuesOf(d).length === 1 && valuesOf(d)[0] === 'out').map((d) => groupName(d.slice(6)));
  const parts: string[] = [];
  const rep = members[0]!;
  switch (kind) {
    case 'member': parts.push(inAll.length ? `member of ${inAll.join(', ')}` : groups.length && outAll.length === groups.length ? 'member of no group a policy names' : 'member');
      if (inAll.length && outAll.length) parts.push(`not of ${outAll.join(', ')}`);
      break;
    case 'namedUser': parts.push(`user ${quote(rep.who.name)}${rep.who.name !== rep.who.id ? ` (${rep.who.id})` : ''}`); break;
    case 'localGuest': parts.push('local guest (internalGuest)'); break;
    case 'guest': parts.push(`guest (${valuesOf('guestType').join(', ')})`); break;
  }
  for (const d of dims) {
    const words = describe(d, valuesOf(d), tenants);
    if (words && !(d === 'location' && valuesOf(d).length > 1 && valuesOf(d).length === new Set(all.map((c) => c.attrs.location)).size)) parts.push(words);
  }
  return parts.join(', ');
}

/** Where a kind of user signs in, as far as a policy that applies to them tells places apart. */
export interface Place {
  location: string;
  application: string | undefined;
  /** Words for the place; `any location` when no policy for this user asks. */
  label: string;
}

/** GATE-02, INT-01: the sign-in locations and applications that policies assigned to this user condition on. */
export function placesFor(who: Who, tenants: readonly Tenant[]): Place[] {
  const assigned = tenants.flatMap((t) => t.conditionalAccess.filter((p) => usersMatch(p, who, t)));
  const named = uniq(assigned.flatMap((p) => [...(p.locations?.include ?? []), ...(p.locations?.exclude ?? [])]).filter((r) => r !== 'All' && r !== 'AllTrusted'));
  const locations = assigned.some((p) => p.exceptTrustedLocations || p.locations) ? ['trusted', 'untrusted', ...named] : [null];
  const apps = uniq(assigned.flatMap((p) => [...(p.applications?.include ?? []), ...(p.applications?.exclude ?? [])]).filter((r) => r !== 'All' && r !== 'None'));
  const names = (l: string) => tenants.flatMap((t) => t.namedLocations).find((n) => n.id === l || n.name === l)?.name ?? l;
  const appName = (a: string) => tenants.map((t) => t.directory.applications[a]).find(Boolean) ?? a;
  const out: Place[] = [];
  for (const location of locations) {
    for (const application of [undefined, ...apps]) {
      const where = location === null ? 'any location' : location === 'trusted' ? 'trusted location' : location === 'untrusted' ? 'untrusted location' : `'${names(location)}'`;
      out.push({ location: location ?? 'trusted', application, label: apps.length ? `${where}, ${application ? `opening '${appName(application)}'` : 'an app no policy names'}` : where });
    }
  }
  return out;
}

/** The kinds of user the tenants' policies tell apart, at most `max` of them. */
export function populations(tenants: readonly Tenant[], max: number): Populations {
  const all = candidates(tenants);
  const classes = new Map<string, Candidate[]>();
  for (const c of all) {
    const key = `${c.kind}|${signature(c, tenants)}`;
    const list = classes.get(key);
    if (list) list.push(c); else classes.set(key, [c]);
  }
  const KIND_ORDER: PopulationKind[] = ['member', 'namedUser', 'localGuest', 'guest'];
  const kinds = [...classes.values()].sort((a, b) => KIND_ORDER.indexOf(a[0]!.kind) - KIND_ORDER.indexOf(b[0]!.kind)).map((members) => {
    const rep = members[0]!;
    const l = label(rep.kind, members, all, tenants);
    return { id: `${rep.kind}: ${l}`, label: l, kind: rep.kind, who: rep.who, location: rep.location, application: rep.application };
  });
  // Labels name kinds; two kinds with one name would be one row in a diff, so number them.
  const seen = new Map<string, number>();
  for (const k of kinds) {
    const n = (seen.get(k.label) ?? 0) + 1;
    seen.set(k.label, n);
    if (n > 1) { k.label = `${k.label} (${n})`; k.id = `${k.kind}: ${k.label}`; }
  }
  return { populations: kinds.slice(0, max), total: kinds.length, truncated: kinds.length > max };
}
