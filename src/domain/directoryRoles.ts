/**
 * Microsoft Entra directory roles that policies name: Conditional Access
 * `includeRoles` / `excludeRoles` carry role template ids, scenarios may
 * write names. SSPR-05: the roles whose holders get the two-gate
 * administrator SSPR policy, per Microsoft's SSPR policy docs ("Administrator
 * reset policy differences"), plus Password administrator, which DOMAIN names.
 */

export interface DirectoryRole {
  templateId: string;
  displayName: string;
  /** The regsim id (`user.adminRole` uses these for the SSPR-05 roles). */
  id: string;
  /** SSPR-05: holders get the administrator SSPR policy. */
  ssprAdministrator: boolean;
}

const role = (templateId: string, displayName: string, ssprAdministrator: boolean): DirectoryRole => ({
  templateId, displayName, ssprAdministrator,
  id: displayName.replace(/[^A-Za-z0-9 ]/g, '').split(' ').map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('')
    .replace(/^sharepoint/, 'sharePoint'),
});

/** Template ids are the same in every tenant. */
export const DIRECTORY_ROLES: readonly DirectoryRole[] = [
  role('62e90394-69f5-4237-9190-012177145e10', 'Global Administrator', true),
  role('7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator', true),
  role('c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator', true),
  role('729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator', true),
  role('966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator', true),
  role('fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator', true),
  role('194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator', true),
  role('29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator', true),
  role('f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator', true),
  role('b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator', true),
  role('9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator', true),
  role('f023fd81-a637-4b56-95fd-791ac0226033', 'Service Support Administrator', true),
  role('4ba39ca4-527c-499a-b93d-d9b492c50246', 'Partner Tier1 Support', true),
  role('e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', 'Partner Tier2 Support', true),
  role('75941009-915a-4869-abe7-691bff18279e', 'Skype for Business Administrator', true),
  role('9360feb5-f418-4baa-8175-e2a00bac4301', 'Directory Writers', true),
  role('17315797-102d-40b4-93e0-432062caca18', 'Compliance Administrator', true),
  role('e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator', true),
  role('3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator', true),
  role('44367163-eba1-44c3-98af-f5787879f96a', 'Dynamics 365 Administrator', true),
  role('a9ea8996-122f-4c74-9520-8edcd192826c', 'Fabric Administrator', true),
  // Roles policies often name that are not in the SSPR administrator list.
  role('b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator', false),
  role('158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator', false),
  role('0526716b-113d-4c15-b2c8-68e3c22b9f80', 'Authentication Policy Administrator', false),
  role('f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'Global Reader', false),
  role('5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader', false),
  role('88d8e3e3-8f55-4a1e-953a-9b9898b8876b', 'Directory Readers', false),
  role('cf1c38e5-3621-4004-a7cb-879624dced7c', 'Application Developer', false),
  role('69091246-20e8-4a56-aa4d-066075b2a7a8', 'Teams Administrator', false),
  role('8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator', false),
];

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9-]/g, '');

/** A role by template id, display name or regsim id, case and spacing ignored. */
export function findRole(ref: string): DirectoryRole | undefined {
  const n = norm(ref);
  return DIRECTORY_ROLES.find((r) => r.templateId === ref.toLowerCase() || norm(r.displayName) === n || norm(r.id) === n);
}

/** The canonical key of a role reference: its template id when known, else the reference as written. */
export const roleKey = (ref: string): string => findRole(ref)?.templateId ?? ref.toLowerCase();
