/**
 * Names for the ids policies use — groups, directory roles, applications,
 * users — and named locations (with whether each is trusted), from an
 * export's directory objects, so the tenant file and whatif can say
 * "member of 'MFA pilot'" rather than a GUID.
 */
import { ImportContext } from './context.ts';
import type { Item } from './sources.ts';

export interface DirectoryImport {
  groups: Record<string, string>;
  roles: Record<string, string>;
  applications: Record<string, string>;
  users: Record<string, string>;
  namedLocations: Array<{ id: string; name: string; trusted: boolean }>;
  tenant: { id?: string; name?: string };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function importDirectory(items: readonly Item[], ctx: ImportContext): DirectoryImport {
  const out: DirectoryImport = { groups: {}, roles: {}, applications: {}, users: {}, namedLocations: [], tenant: {} };
  for (const item of items) {
    const v = item.value;
    const name = str(v.displayName);
    switch (item.kind) {
      case 'group': if (str(v.id) && name) out.groups[v.id as string] = name; break;
      case 'directoryRole': {
        const id = str(v.roleTemplateId) ?? str(v.templateId) ?? str(v.id);
        if (id && name) out.roles[id] = name;
        break;
      }
      case 'application': if (str(v.appId) && name) out.applications[v.appId as string] = name; break;
      case 'user': {
        if (str(v.id)) out.users[v.id as string] = str(v.userPrincipalName) ?? name ?? (v.id as string);
        // INT-01: per-user MFA is a user's own trigger; whatif simulates kinds of user, so it is said, not dropped.
        const perUser = str(v.perUserMfaState);
        if (perUser && perUser !== 'disabled') {
          ctx.note(item, ['perUserMfaState'], 'notSimulated', `users(${str(v.userPrincipalName) ?? str(v.id) ?? '?'}).perUserMfaState`,
            'whatif simulates kinds of user, not each user: a scenario for this user says `user.perUserMfa` (INT-01)', perUser);
        }
        break;
      }
      case 'organization': out.tenant = { id: str(v.id), name }; break;
      case 'namedLocation': {
        const id = str(v.id);
        if (!id) break;
        const isCountry = Array.isArray(v.countriesAndRegions);
        out.namedLocations.push({ id, name: name ?? id, trusted: v.isTrusted === true });
        if (isCountry) ctx.note(item, ['countriesAndRegions'], 'assumed', `namedLocations(${name ?? id}).countriesAndRegions`, 'a sign-in is at a named location only when the scenario says so (location: its id or name)', v.countriesAndRegions);
        break;
      }
      default: break;
    }
  }
  out.namedLocations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  out.namedLocations.forEach((l, i) => ctx.comment(['namedLocations', i], `namedLocation ${l.id}: isTrusted ${l.trusted}`));
  return out;
}
