/**
 * Cross-tenant access settings (crossTenantAccessPolicyConfigurationDefault
 * and …Partner) → `tenant.crossTenant`. B2B-01 reads `inboundTrust.isMfaAccepted`,
 * on the default and per partner (a partner without inbound trust inherits
 * the default). Who may collaborate at all, and device trust, are reported as
 * read, not simulated.
 */
import { ImportContext, isObject, present } from './context.ts';
import type { Item } from './sources.ts';

export interface CrossTenantImport {
  trustMfa: boolean | undefined;
  partners: Array<{ tenantId: string; trustMfa: boolean | null }>;
}

const ACCESS = ['b2bCollaborationInbound', 'b2bCollaborationOutbound', 'b2bDirectConnectInbound', 'b2bDirectConnectOutbound', 'tenantRestrictions', 'automaticUserConsentSettings', 'invitationRedemptionIdentityProviderConfiguration', 'appServiceConnectInbound', 'm365CollaborationInbound', 'm365CollaborationOutbound', 'identitySynchronization'];

function deviceTrust(item: Item, ctx: ImportContext, where: string): void {
  const t = item.value.inboundTrust;
  if (!isObject(t)) return;
  for (const prop of ['isCompliantDeviceAccepted', 'isHybridAzureADJoinedDeviceAccepted']) {
    if (t[prop] === true) ctx.note(item, ['inboundTrust', prop], 'notSimulated', `${where}.inboundTrust.${prop}`, 'device claims from the home tenant satisfy device grant controls, not MFA registration', true);
  }
}

function access(item: Item, ctx: ImportContext, where: string): void {
  for (const prop of ACCESS) {
    if (present(item.value[prop]) && isObject(item.value[prop])) ctx.note(item, [prop], 'notSimulated', `${where}.${prop}`, 'who may collaborate with whom: regsim assumes the guest is allowed in', item.value[prop]);
  }
}

export function importCrossTenant(items: readonly Item[], ctx: ImportContext): CrossTenantImport {
  const out: CrossTenantImport = { trustMfa: undefined, partners: [] };
  for (const item of items.filter((i) => i.kind === 'crossTenantDefault')) {
    const t = item.value.inboundTrust;
    const trust = isObject(t) ? ctx.flag(item, ['inboundTrust', 'isMfaAccepted'], t.isMfaAccepted, 'inboundTrust.isMfaAccepted') : undefined;
    if (trust !== undefined) out.trustMfa = trust;
    ctx.comment(['crossTenant', 'trustMfa'], 'default.inboundTrust.isMfaAccepted (B2B-01)');
    deviceTrust(item, ctx, 'default');
    access(item, ctx, 'default');
  }
  const partners = items.filter((i) => i.kind === 'partner')
    .sort((a, b) => (String(a.value.tenantId) < String(b.value.tenantId) ? -1 : 1));
  partners.forEach((item, i) => {
    const id = String(item.value.tenantId ?? '');
    if (!id) { ctx.invalid(item, [], 'a partner configuration needs its tenantId'); return; }
    const t = item.value.inboundTrust;
    out.partners.push({ tenantId: id, trustMfa: (isObject(t) ? ctx.flag(item, ['inboundTrust', 'isMfaAccepted'], t.isMfaAccepted, 'inboundTrust.isMfaAccepted') : undefined) ?? null });
    ctx.comment(['crossTenant', 'partners', i, 'trustMfa'], `partners(${id}).inboundTrust.isMfaAccepted${isObject(t) ? '' : ': null, inherits the default'}`);
    deviceTrust(item, ctx, `partners(${id})`);
    access(item, ctx, `partners(${id})`);
    if (item.value.isServiceProvider === true) ctx.note(item, ['isServiceProvider'], 'notSimulated', `partners(${id}).isServiceProvider`, 'service provider (GDAP) sign-ins are not simulated', true);
  });
  return out;
}
